#!/usr/bin/env bash
# System packages juesuan needs beyond Python: CJK fonts (for the PDF and PNG renderings of the
# tables), Pango/HarfBuzz for WeasyPrint's PDF output, poppler-utils, PostgreSQL for the store's tests and
# Chromium for the web app's browser tests. Installed with apt when missing and we are root; otherwise we say what
# is missing and carry on (the Python part of juesuan works without them).
set -u
need=()
fc-list :lang=zh 2>/dev/null | grep -qi "noto" || need+=(fonts-noto-cjk)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
# WeasyPrint (PDF output) needs Pango, which brings HarfBuzz and fontconfig.
ldconfig -p 2>/dev/null | grep -q "libpango-1.0.so" || need+=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b)
# HarfBuzz's subsetter makes WeasyPrint embed font subsets about 8× faster (without it PDF output still works).
ldconfig -p 2>/dev/null | grep -q "libharfbuzz-subset.so" || need+=(libharfbuzz-subset0)
# The store's tests run a real PostgreSQL server (started by the tests themselves, in a temporary directory).
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
# The web app's browser tests drive Debian's Chromium through Playwright (Playwright's own browser download is
# not used: tests/web/test_browser.py launches /usr/bin/chromium).
command -v chromium >/dev/null 2>&1 || need+=(chromium)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "安装系统软件包：${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null \
    || echo "警告：系统软件包安装失败：${need[*]}（PDF/图片输出可能缺字体）" >&2
else
  echo "提示：缺少系统软件包 ${need[*]}，请用系统包管理器安装（PDF/图片输出需要）" >&2
fi
exit 0
