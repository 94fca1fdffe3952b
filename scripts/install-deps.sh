#!/usr/bin/env bash
# Installs the Debian 12 packages libsteepest needs to build, test and run,
# skipping the ones already present.  Run as root or with sudo available.
set -euo pipefail

packages=(
  build-essential meson ninja-build pkg-config
  libglib2.0-dev            # GModule loader, registry, threads
  liblapacke-dev libopenblas-dev  # eigenvalues, SVD, QR, Schur form
  libffi-dev                # foreign objective functions
  libcairo2-dev             # plots in the CLI
  check                     # unit tests
  python3 python3-numpy     # the Python binding and its tests
  valgrind                  # memory checks in the test run
  g++                       # the C++ header check
  clang libclang-rt-14-dev llvm   # second compiler, libFuzzer, TSan and the symbolizer
  clang-format              # the layout check (.clang-format)
  gcovr                     # the coverage floor
  abigail-tools             # abidw/abidiff: the ABI guard
  libopenmpi-dev openmpi-bin      # libsteepest-mpi and its tests
  libarpack2-dev            # Lanczos eigenvalues of sparse and matrix-free operators
  doxygen                   # the HTML API reference
  python3-scipy python3-sklearn python3-matplotlib python3-mpi4py  # Python tests, experiments, pictures
  python3-mesonpy python3-pip patchelf  # pip install . (meson-python, offline; patchelf fixes rpaths)
  debhelper dh-python dpkg-dev fakeroot lintian  # the Debian packages
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "install-deps: missing ${missing[*]}; run this as root (sudo is not installed)" >&2
    exit 1
  fi
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
