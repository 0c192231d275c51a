# Debian 12 packages glint needs, one array per feature. Sourced by tools/setup.sh (bash).
#
# To add a feature (Vulkan, OpenXR, emscripten, chromium, ...): add an array GLINT_PKGS_<NAME>
# and append <name> to GLINT_FEATURES. `tools/setup.sh --features a,b` installs a subset.
# Keep each array to what that feature really uses; set-up only calls apt when one is missing.

# C build of the SDK, tests and tools (gcc, make, cmake >= 3.25).
GLINT_PKGS_BUILD=(build-essential cmake)
# Clang with the sanitizer and libFuzzer runtimes (tools/test.sh stages 2 and 3).
GLINT_PKGS_CLANG=(clang libclang-rt-14-dev)
# Image decoding in the command-line tools (stb_image.h, stb_image_write.h in /usr/include/stb/).
GLINT_PKGS_IMAGES_C=(libstb-dev)
# Fetching the models with `npm pack`; python3 slices the Emscripten blobs.
GLINT_PKGS_MODELS=(ca-certificates python3 nodejs npm)
# Building the test photos: Pillow decodes and writes PNG, ffmpeg takes the vtest.avi frame,
# webp (dwebp) for looking at the WebP sources by hand.
GLINT_PKGS_PHOTOS=(python3 python3-pil ffmpeg webp)

GLINT_FEATURES=(build clang images_c models photos)

# The Vulkan compute backend: headers, loader, lavapipe (a CPU Vulkan driver, mesa-vulkan-drivers)
# so the GPU tests run without a GPU, glslc / spirv-as for the shaders, the Khronos validation
# layer for tests/unit/test_vk_*.c, vulkaninfo for looking at a machine's devices.
GLINT_PKGS_VULKAN=(libvulkan-dev mesa-vulkan-drivers glslc glslang-tools spirv-tools vulkan-tools vulkan-validationlayers)
GLINT_FEATURES+=(vulkan)

# Arm CPU kernels in CI (tools/test.sh stage aarch64): cross compiler, libc, qemu-aarch64 to run the tests.
GLINT_PKGS_AARCH64=(gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user)
# WebAssembly kernels in CI (tools/test.sh stage wasm): emcc/emcmake; the tests run under Node.
GLINT_PKGS_WASM=(emscripten nodejs)
GLINT_FEATURES+=(aarch64 wasm)

# Packages that count as present when their command exists, whatever installed it
# (a NodeSource nodejs bundles npm and conflicts with Debian's npm package).
declare -A GLINT_PKG_COMMAND=([nodejs]=node [npm]=npm)

# Opt-in, not in GLINT_FEATURES (`tools/setup.sh --features goldens`): regenerating tests/golden
# with tools/goldens/regen.sh runs TFLite's WASM build in a headless browser.
GLINT_PKGS_GOLDENS=(chromium)

# Opt-in (`tools/setup.sh --features valgrind`): memcheck for tools/test.sh's valgrind stage.
GLINT_PKGS_VALGRIND=(valgrind)
