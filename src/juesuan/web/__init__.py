"""The web app (``juesuan serve``): upload reports and review their findings on the page, browse the store,
build reports from datasets; a JSON API under ``/api/``. :func:`juesuan.web.app.create_app` makes it; see
docs/web.md. Nothing is imported here, so that the workers (which import :mod:`juesuan.web.building`) do
not load the web framework."""
