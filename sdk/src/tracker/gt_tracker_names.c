/* Names of gestures and stages, as they appear in JSON output and logs. */
#include "glint/glint.h"

const char* glint_gesture_name(glint_gesture gesture) {
    /* MediaPipe Gesture Recognizer's canned class names. */
    switch (gesture) {
    case GLINT_GESTURE_NONE: return "None";
    case GLINT_GESTURE_CLOSED_FIST: return "Closed_Fist";
    case GLINT_GESTURE_OPEN_PALM: return "Open_Palm";
    case GLINT_GESTURE_POINTING_UP: return "Pointing_Up";
    case GLINT_GESTURE_THUMB_DOWN: return "Thumb_Down";
    case GLINT_GESTURE_THUMB_UP: return "Thumb_Up";
    case GLINT_GESTURE_VICTORY: return "Victory";
    case GLINT_GESTURE_ILOVEYOU: return "ILoveYou";
    default: return "unknown";
    }
}

const char* glint_stage_name(glint_stage stage) {
    switch (stage) {
    case GLINT_STAGE_PALM_DETECTION: return "palm_detection";
    case GLINT_STAGE_HAND_LANDMARKS: return "hand_landmarks";
    case GLINT_STAGE_BODY: return "body";
    case GLINT_STAGE_POSTPROCESS: return "postprocess";
    default: return "unknown";
    }
}
