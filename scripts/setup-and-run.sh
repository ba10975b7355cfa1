#!/usr/bin/env bash
# Sets flowmap up on a fresh Debian machine that has the Swift toolchain, and runs the
# main job: lint the shipped flow library, print the flow map, query one contact point,
# run the flows' scenarios, simulate traffic into the SQLite store and verify its log.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v swift > /dev/null; then
    echo "error: the Swift toolchain (6.1 or later) is needed: https://www.swift.org/install/linux/" >&2
    exit 1
fi

# System libraries the build and the demo need, installed when missing.
# (Yams carries its own libyaml; GRDB links the system SQLite.)
packages=(libsqlite3-dev)
missing=()
for package in "${packages[@]}"; do
    dpkg -s "$package" > /dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    echo "Installing ${missing[*]}..."
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq "${missing[@]}"
fi

echo "Building flowmap (release)..."
swift build -c release --product flowmap
flowmap=".build/release/flowmap"

echo
echo "== flowmap lint Flows"
"$flowmap" lint Flows
echo
echo "== flowmap matrix"
"$flowmap" matrix
echo
echo "== flowmap show VG101   (the flow that serves bill inquiry by IVR for GoTone customers)"
"$flowmap" show VG101
echo
echo "== flowmap test Flows"
"$flowmap" test Flows
echo
store="flowmap.sqlite"
rm -f "$store" "$store-wal" "$store-shm"
echo "== flowmap simulate --contacts 20000 --store $store"
"$flowmap" simulate --contacts 20000 --store "$store"
echo
echo "== flowmap log verify --store $store"
"$flowmap" log verify --store "$store"
echo
echo "== flowmap audit measure --store $store   (the four conformance measurements; the store is read-only)"
"$flowmap" audit measure --store "$store" --examples 3
echo
echo "== flowmap audit report --month 2026-11 --store $store --output reports"
"$flowmap" audit report --month 2026-11 --store "$store" --output reports
echo
echo "The monthly report is in reports/2026-11/index.html (with report.json and report.csv)."
