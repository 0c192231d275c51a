#include <stdio.h>
#include <string.h>

#include "glint-model/gm.h"

static void usage(void) {
    fprintf(stderr,
            "usage: glint-model <command> ...\n"
            "  info MODEL [--json] [--input-shape 1xHxWxC]\n"
            "      inputs, outputs, op counts, parameters, MACs, peak activation bytes\n"
            "  run MODEL --input NAME=FILE ... --out DIR [--repeat N] [--profile] [--input-shape 1xHxWxC]\n"
            "      [--backend cpu|vulkan|auto] [--device INDEX|NAME]   (Vulkan with CPU fallback; --profile\n"
            "      then shows GPU time per op)\n"
            "      FILE is a raw little-endian tensor in the input's dtype (NHWC), or a .png/.jpg image\n"
            "      that is letterboxed to the input size and normalised as the model expects.\n"
            "      Writes DIR/<output name>.raw (float32) and prints a summary.\n"
            "  prep IMAGE --size S|WxH --range 0,1|-1,1|0,255 --dtype f32|i32|u8 [--rotate DEG]\n"
            "       [--roi CX,CY,SIDE,DEG] --out OUT.raw\n"
            "      makes an input tensor from a photo (the same code path as run)\n"
            "MODEL is a .tflite file or a TF.js model.json.\n");
}

int main(int argc, char** argv) {
    if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
        usage();
        return argc < 2 ? 2 : 0;
    }
    if (!strcmp(argv[1], "info")) return gm_cmd_info(argc - 2, argv + 2);
    if (!strcmp(argv[1], "run")) return gm_cmd_run(argc - 2, argv + 2);
    if (!strcmp(argv[1], "prep")) return gm_cmd_prep(argc - 2, argv + 2);
    fprintf(stderr, "glint-model: unknown command '%s'\n", argv[1]);
    usage();
    return 2;
}
