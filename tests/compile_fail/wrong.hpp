// WRONG(wrong, right): a compile-fail case's failing code, or with -DFIXED its corrected twin.
#pragma once

#ifdef FIXED
#define WRONG(wrong, right) right
#else
#define WRONG(wrong, right) wrong
#endif
