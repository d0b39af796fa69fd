#!/bin/sh
# Install this zhichuang release on a server, offline: nothing is fetched from the network.
#
#   sudo ./install.sh [PREFIX]      (PREFIX defaults to /opt/zhichuang)
#
# The release goes to PREFIX/releases/NAME (its own virtualenv and static files) and
# PREFIX/current points at it; the previous release stays beside it for a rollback
# (point current back and restart). The systemd units and nginx use PREFIX/current.
# Needs the same Python minor version the release was built with (PYTHON=... to choose one).
set -eu
# Only the release's own files: nothing from a developer's environment.
unset PYTHONPATH PYTHONHOME VIRTUAL_ENV
here=$(cd "$(dirname "$0")" && pwd)
prefix=${1:-/opt/zhichuang}
name=$(sed -n 1p "$here/RELEASE")
wanted=$(sed -n 's/^python=//p' "$here/RELEASE")

python=${PYTHON:-}
if [ -z "$python" ]; then
    for candidate in "python$wanted" python3; do
        if command -v "$candidate" >/dev/null 2>&1 &&
            [ "$("$candidate" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)" = "$wanted" ]; then
            python=$(command -v "$candidate")
            break
        fi
    done
fi
if [ -z "$python" ]; then
    echo "This release was built for Python $wanted; install it or name it with PYTHON=/path/to/python$wanted." >&2
    exit 1
fi

echo "Checking the release's files"
(cd "$here" && sha256sum --quiet -c SHA256SUMS)

target="$prefix/releases/$name"
if [ -e "$target" ]; then
    echo "$target exists already: this release is installed." >&2
    exit 1
fi
mkdir -p "$prefix/releases"
echo "Installing into $target"
"$python" -m venv "$target/venv"
"$target/venv/bin/python" -m pip install --quiet --no-index --find-links "$here/wheelhouse" -r "$here/requirements.txt"
"$target/venv/bin/python" -m pip install --quiet --no-index --no-deps "$here"/wheelhouse/zhichuang-*.whl
cp -R "$here/static" "$target/static"
cp -R "$here/deploy" "$target/deploy"
ln -sfn "$target" "$prefix/current.new" && mv -T "$prefix/current.new" "$prefix/current"
echo "Installed: $prefix/current -> $target"
echo "Next: load /etc/zhichuang.env, run $prefix/current/venv/bin/zhichuang migrate, restart the services."
