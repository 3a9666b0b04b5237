#!/bin/sh
# Installs fieldvault for the current user under ~/.local (or $PREFIX): no root, no network.
#   ./install.sh            install or update
#   ./install.sh --remove   take it away again (your vault is never touched)
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
prefix="${PREFIX:-$HOME/.local}"
files="bin/fieldvault
share/applications/fieldvault.desktop
share/icons/hicolor/scalable/apps/fieldvault.svg
share/icons/hicolor/48x48/apps/fieldvault.png
share/icons/hicolor/128x128/apps/fieldvault.png
share/icons/hicolor/256x256/apps/fieldvault.png
share/man/man1/fieldvault.1.gz
share/bash-completion/completions/fieldvault
share/zsh/vendor-completions/_fieldvault
share/fish/vendor_completions.d/fieldvault.fish"
if [ "${1:-}" = "--remove" ]; then
  for f in $files; do rm -f "$prefix/$f"; done
  rm -rf "$prefix/share/doc/fieldvault"
  echo "fieldvault removed from $prefix (the vault in ~/.local/share/fieldvault is kept)."
  exit 0
fi
for f in $files; do
  mkdir -p "$(dirname "$prefix/$f")"
  cp "$here/usr/$f" "$prefix/$f.new"
  mv "$prefix/$f.new" "$prefix/$f"
done
mkdir -p "$prefix/share/doc/fieldvault"
cp "$here"/usr/share/doc/fieldvault/* "$prefix/share/doc/fieldvault/"
chmod 0755 "$prefix/bin/fieldvault"
# The menu entry names the installed program by its full path: ~/.local/bin is not on
# every desktop's PATH.
sed -i "s|^Exec=fieldvault\$|Exec=$prefix/bin/fieldvault|" "$prefix/share/applications/fieldvault.desktop"
echo "fieldvault installed in $prefix."
case ":$PATH:" in
  *":$prefix/bin:"*) ;;
  *) echo "Add $prefix/bin to your PATH to run 'fieldvault' from a terminal (the menu entry works without it)." ;;
esac
