// A 256-entry int8 table lookup (LOGISTIC on int8: the table of ge_q_logistic_lut, the op's
// second input): y = table[x + 128].
#include "gv_common.glsl"
#include "gv_qs8.glsl"

layout(constant_id = 3) const uint TOTAL = 1;

#include "gv_qs8_elem.glsl"
GV_IN8(1, X, x);
GV_IN8(2, T, table);

int element(uint i) { return GV_LD8(table, 2, uint(GV_LD8(x, 1, i) + 128)); }
