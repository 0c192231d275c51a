# The CPU kernels: which ISA folders of sdk/src/engine/kernels/ this target builds, and the
# per-file instruction-set flags. Only the files named after an extension get its flags, so the
# rest of the library runs on any CPU of the architecture; ge_isa picks the kernels at run time.
#
#   x86-64   kernels/x86/*avx2*.c      -mavx2 -mfma
#            kernels/x86/*avx512*.c    + -mavx512f -mavx512bw -mavx512vl -mavx512dq
#            kernels/x86/*vnni*.c      + -mavx512vnni
#   aarch64  kernels/arm/*.c           (NEON is baseline)
#            kernels/arm/*dotprod*.c   -march=armv8.2-a+dotprod
#            kernels/arm/*i8mm*.c      -march=armv8.2-a+dotprod+i8mm
#   util     src/util/gu_sha256_shani.c  -msha -msse4.1 (x86-64);
#            src/util/gu_sha256_armv8.c  -march=armv8-a+crypto (aarch64): SHA-256 block functions,
#            picked at run time by gu_sha256_dispatch.c (elsewhere they compile to NULL pointers).
#   wasm     kernels/wasm/*.c, and the whole module with -msimd128 (GLINT_WASM_SIMD): a module
#            either has SIMD or not, there is no run-time detection inside WebAssembly.
#
# Input: GLINT_ENGINE_SOURCES (the engine's globbed sources). Output: the same list without the
# folders of other architectures; GLINT_CPU_ARCH (x86_64, aarch64, wasm or other).

if(EMSCRIPTEN)
  set(GLINT_CPU_ARCH wasm)
elseif(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64|x64)$")
  set(GLINT_CPU_ARCH x86_64)
elseif(CMAKE_SYSTEM_PROCESSOR MATCHES "^(aarch64|arm64|ARM64)$")
  set(GLINT_CPU_ARCH aarch64)
else()
  set(GLINT_CPU_ARCH other)
endif()

option(GLINT_WASM_SIMD "WebAssembly: build with SIMD128 (-msimd128)" ON)

set(_glint_kernel_dir ${CMAKE_CURRENT_SOURCE_DIR}/src/engine/kernels)
set(_glint_util_dir ${CMAKE_CURRENT_SOURCE_DIR}/src/util)
if(NOT GLINT_CPU_ARCH STREQUAL "x86_64")
  list(FILTER GLINT_ENGINE_SOURCES EXCLUDE REGEX "/kernels/x86/")
endif()
if(NOT GLINT_CPU_ARCH STREQUAL "aarch64")
  list(FILTER GLINT_ENGINE_SOURCES EXCLUDE REGEX "/kernels/arm/")
endif()
if(NOT (GLINT_CPU_ARCH STREQUAL "wasm" AND GLINT_WASM_SIMD))
  list(FILTER GLINT_ENGINE_SOURCES EXCLUDE REGEX "/kernels/wasm/")
endif()

if(GLINT_CPU_ARCH STREQUAL "x86_64" AND CMAKE_C_COMPILER_ID MATCHES "GNU|Clang")
  file(GLOB _glint_x86 ${_glint_kernel_dir}/x86/*.c)
  foreach(f ${_glint_x86})
    get_filename_component(n ${f} NAME)
    set(flags "")
    if(n MATCHES "avx2|avx512|vnni")
      set(flags "-mavx2 -mfma -mf16c")
    endif()
    if(n MATCHES "avx512|vnni")
      string(APPEND flags " -mavx512f -mavx512bw -mavx512vl -mavx512dq")
    endif()
    if(n MATCHES "vnni")
      string(APPEND flags " -mavx512vnni")
    endif()
    if(flags)
      set_source_files_properties(${f} PROPERTIES COMPILE_FLAGS "${flags}")
    endif()
  endforeach()
  set_source_files_properties(${_glint_util_dir}/gu_sha256_shani.c PROPERTIES COMPILE_FLAGS "-msha -msse4.1")
elseif(GLINT_CPU_ARCH STREQUAL "aarch64" AND CMAKE_C_COMPILER_ID MATCHES "GNU|Clang")
  file(GLOB _glint_arm ${_glint_kernel_dir}/arm/*.c)
  foreach(f ${_glint_arm})
    get_filename_component(n ${f} NAME)
    if(n MATCHES "i8mm")
      set_source_files_properties(${f} PROPERTIES COMPILE_FLAGS "-march=armv8.2-a+dotprod+i8mm")
    elseif(n MATCHES "dotprod")
      set_source_files_properties(${f} PROPERTIES COMPILE_FLAGS "-march=armv8.2-a+dotprod")
    endif()
  endforeach()
  set_source_files_properties(${_glint_util_dir}/gu_sha256_armv8.c PROPERTIES COMPILE_FLAGS "-march=armv8-a+crypto")
elseif(GLINT_CPU_ARCH STREQUAL "wasm" AND GLINT_WASM_SIMD)
  add_compile_options(-msimd128)
endif()
