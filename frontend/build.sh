#!/usr/bin/env bash
# Rebuilds the committed front-end assets in static/cpb/ (and the axe-core copy
# used by the browser tests). Nobody needs to run this to use or test the app:
# its output is committed. Run it after changing package.json or sass/.
#
#   bash frontend/build.sh
#
# Output:
#   static/cpb/cpb.css                 GOV.UK Frontend + MOJ Frontend, compressed, no source map
#   static/cpb/govuk-frontend.min.js   ES module from govuk-frontend/dist
#   static/cpb/moj-frontend.min.js     ES module from @ministryofjustice/frontend
#   static/cpb/cpb.js                  ES module that initialises both (from src/cpb.js)
#   static/cpb/assets/images/          every image cpb.css refers to, plus favicon.svg
#   tests/browser/axe.min.js           axe-core, for accessibility checks
set -euo pipefail

FRONTEND_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(dirname "$FRONTEND_DIR")"
OUT_DIR="$REPO_DIR/static/cpb"
NM="$FRONTEND_DIR/node_modules"
GOVUK_DIST="$NM/govuk-frontend/dist/govuk"
MOJ_DIST="$NM/@ministryofjustice/frontend/moj"

cd "$FRONTEND_DIR"
# No package here needs an install script (sass is pure JavaScript).
npm ci --ignore-scripts --no-audit --no-fund

rm -rf "$OUT_DIR"
mkdir -p "$OUT_DIR/assets/images" "$REPO_DIR/tests/browser"

# Sass: one compressed stylesheet, no source map. The load path is this folder
# because MOJ Frontend loads GOV.UK Frontend as "node_modules/govuk-frontend/...".
# --quiet-deps hides Sass's own deprecation warnings about the packages' code.
# MOJ Frontend 11.1.0 still prints one harmless @warn (govuk-text-colour mixin
# deprecated); it cannot be suppressed because MOJ sets
# $govuk-suppressed-warnings itself.
"$NM/.bin/sass" --no-source-map --style=compressed --quiet-deps \
  --load-path="$FRONTEND_DIR" \
  "$FRONTEND_DIR/sass/cpb.scss" "$OUT_DIR/cpb.css"

# JavaScript: copy the packages' minified ES modules without their
# sourceMappingURL comments (the .map files are not shipped, and Django's
# ManifestStaticFilesStorage fails on a reference to a missing file).
strip_map() {
  sed -e 's|//# sourceMappingURL=[^[:space:]]*||' "$1" > "$2"
}
strip_map "$GOVUK_DIST/govuk-frontend.min.js" "$OUT_DIR/govuk-frontend.min.js"
strip_map "$MOJ_DIST/moj-frontend.min.js" "$OUT_DIR/moj-frontend.min.js"
cp "$FRONTEND_DIR/src/cpb.js" "$OUT_DIR/cpb.js"

# Images: copy exactly what cpb.css refers to, from GOV.UK Frontend or MOJ
# Frontend. The GDS Transport fonts are never copied, nor the GOV.UK crown
# favicons and logotypes (this service is not on GOV.UK).
missing=0
while IFS= read -r url; do
  name="${url#assets/images/}"
  if [[ "$name" == "$url" || "$name" == */* ]]; then
    echo "build.sh: unexpected asset URL in cpb.css: $url" >&2
    missing=1
    continue
  fi
  if [[ -f "$MOJ_DIST/assets/images/$name" ]]; then
    cp "$MOJ_DIST/assets/images/$name" "$OUT_DIR/assets/images/$name"
  elif [[ -f "$GOVUK_DIST/assets/images/$name" ]]; then
    cp "$GOVUK_DIST/assets/images/$name" "$OUT_DIR/assets/images/$name"
  else
    echo "build.sh: cpb.css refers to $url, which neither package ships" >&2
    missing=1
  fi
done < <(grep -o 'url([^)]*)' "$OUT_DIR/cpb.css" | sed -e 's/^url(//' -e 's/)$//' -e 's/^["'\'']//' -e 's/["'\'']$//' | sort -u)
cp "$FRONTEND_DIR/images/favicon.svg" "$OUT_DIR/assets/images/favicon.svg"

cp "$NM/axe-core/axe.min.js" "$REPO_DIR/tests/browser/axe.min.js"

# Checks on the result.
fail() { echo "build.sh: $*" >&2; exit 1; }
[[ "$missing" == 0 ]] || fail "some assets referenced by cpb.css are missing"
! grep -qi 'GDS Transport' "$OUT_DIR/cpb.css" || fail "cpb.css mentions GDS Transport"
! grep -q '@font-face' "$OUT_DIR/cpb.css" || fail "cpb.css has an @font-face rule"
grep -q 'font-family:arial,sans-serif' "$OUT_DIR/cpb.css" || fail "cpb.css does not use Arial"
! grep -q 'url(["'\'']\?/' "$OUT_DIR/cpb.css" || fail "cpb.css has an absolute asset URL"
! grep -rq 'sourceMappingURL' "$OUT_DIR" || fail "a file in static/cpb still refers to a source map"
for class in govuk-header govuk-service-navigation moj-timeline moj-badge moj-identity-bar moj-filter moj-sub-navigation; do
  grep -q "\.$class[^a-z0-9_-]" "$OUT_DIR/cpb.css" || fail "cpb.css has no .$class"
done

echo "Built:"
ls -la "$OUT_DIR" "$OUT_DIR/assets/images" "$REPO_DIR/tests/browser/axe.min.js"
