#!/usr/bin/env bash
# What regenerating the layout zoo (bench/zoo.py, tests/ingest/zoo/) needs beyond setup-system.sh:
# LibreOffice Writer, which converts the report DOCX of the `libreoffice` family to PDF. Installed with apt
# (Debian packages, no recommends) when missing and we are root; otherwise we say what is missing.
# The test suite never needs it: the zoo's PDFs are committed.
set -u
if command -v soffice >/dev/null 2>&1 || command -v libreoffice >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "安装 LibreOffice Writer（仅重新生成版式样本库时需要）"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui >/dev/null \
    || apt-get install -y -qq --no-install-recommends libreoffice-writer >/dev/null \
    || { echo "警告：LibreOffice 安装失败，libreoffice 版式无法重新生成" >&2; exit 1; }
else
  echo "提示：缺少 LibreOffice（libreoffice-writer-nogui），请用系统包管理器安装（重新生成 libreoffice 版式需要）" >&2
  exit 1
fi
