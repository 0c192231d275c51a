/* Aim ray and palm frame from world keypoints; see gt_aim.h for the choices. */
#include "tracker/gt_aim.h"

#include <string.h>

#include "tracker/gt_vec.h"

void gt_aim_compute(const glint_vec3 world[GLINT_HAND_KEYPOINTS], glint_handedness handedness, gt_aim* out) {
    memset(out, 0, sizeof(*out));
    const glint_vec3 wrist = world[0], index_mcp = world[5], middle_mcp = world[9], little_mcp = world[17];
    if (!gt_v3_finite(wrist) || !gt_v3_finite(index_mcp) || !gt_v3_finite(middle_mcp) || !gt_v3_finite(little_mcp))
        return;
    float size = gt_v3_distance(wrist, middle_mcp);
    if (!(size > 0.0f) || !isfinite(size)) return;

    glint_vec3 direction, normal;
    glint_vec3 knuckles = gt_v3_mid(index_mcp, middle_mcp);
    if (!gt_v3_normalize(gt_v3_sub(knuckles, wrist), 1e-3f * size, &direction)) return;
    /* The cross product's length is |a||b| sin: compare with size^2 for a scale-free test. */
    glint_vec3 n = gt_v3_cross(gt_v3_sub(index_mcp, wrist), gt_v3_sub(little_mcp, wrist));
    if (!gt_v3_normalize(n, 1e-3f * size * size, &normal)) return;
    if (handedness == GLINT_HANDEDNESS_LEFT) normal = gt_v3_scale(normal, -1.0f);

    out->valid = true;
    out->origin = index_mcp;
    out->direction = direction;
    out->palm_normal = normal;
    out->palm_center = gt_v3_mid(wrist, middle_mcp);
}
