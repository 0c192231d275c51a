# Cross-compiling glint for aarch64 Linux with Debian's gcc-aarch64-linux-gnu, and running the
# tests under qemu-user (ctest uses CMAKE_CROSSCOMPILING_EMULATOR). QEMU_CPU in the environment
# picks the emulated core: unset = qemu's default (has dotprod and i8mm), cortex-a53 = plain
# ARMv8.0 NEON, which proves that run-time dispatch never picks an SDOT kernel there.
#
#   cmake -S . -B build-arm -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/aarch64-linux-gnu.cmake
#   cmake --build build-arm && ctest --test-dir build-arm
#   QEMU_CPU=cortex-a53 ctest --test-dir build-arm
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
set(CMAKE_FIND_ROOT_PATH /usr/aarch64-linux-gnu)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64 -L /usr/aarch64-linux-gnu)
