#!/bin/sh
# Builds the LEMON peer of bench/matching.ts into bench/lemon/build/ (gitignored).
# Needs g++ and LEMON's headers (Debian: apt-get install liblemon-dev).
set -e
cd "$(dirname "$0")"
mkdir -p build
g++ -O3 -DNDEBUG -std=c++17 -o build/lemon-dispatch lemon-dispatch.cpp -llemon
