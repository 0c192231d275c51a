// The geometry of a convolution, in the specialization constant ids gv_lower_f32.c and
// gv_lower_qs8.c write (GV_SPECS, then gv_spec_window): 3 IH, 4 IW, 5 C, 6 OH, 7 OW,
// 8 O (only with GV_CONV_OUT_CHANNELS: CONV2D), then the window KH, KW, SH, SW, DH, DW, PT, PL
// (ids 9..16 with O, 8..15 without). GV_CONV_C names the channel constant (default C).
#ifndef GV_CONV_C
#define GV_CONV_C C
#endif
layout(constant_id = 3) const uint IH = 1;
layout(constant_id = 4) const uint IW = 1;
layout(constant_id = 5) const uint GV_CONV_C = 1;
layout(constant_id = 6) const uint OH = 1;
layout(constant_id = 7) const uint OW = 1;
#if GV_CONV_OUT_CHANNELS
layout(constant_id = 8) const uint O = 1;
#define GV_CONV_WINDOW 9
#else
#define GV_CONV_WINDOW 8
#endif
layout(constant_id = GV_CONV_WINDOW + 0) const uint KH = 1;
layout(constant_id = GV_CONV_WINDOW + 1) const uint KW = 1;
layout(constant_id = GV_CONV_WINDOW + 2) const int SH = 1;
layout(constant_id = GV_CONV_WINDOW + 3) const int SW = 1;
layout(constant_id = GV_CONV_WINDOW + 4) const int DH = 1;
layout(constant_id = GV_CONV_WINDOW + 5) const int DW = 1;
layout(constant_id = GV_CONV_WINDOW + 6) const int PT = 0;
layout(constant_id = GV_CONV_WINDOW + 7) const int PL = 0;
