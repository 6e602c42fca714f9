#ifndef DECRUFT_CZLIB_SHIM_H
#define DECRUFT_CZLIB_SHIM_H
#include <zlib.h>

/* inflateInit2 and deflateInit2 are macros that pass ZLIB_VERSION and
   sizeof(z_stream) to the real functions; Swift cannot call macros, so
   these wrappers do it from C. */
static inline int decruft_inflate_init2(z_streamp stream, int window_bits) {
    return inflateInit2(stream, window_bits);
}

static inline int decruft_deflate_init2(z_streamp stream, int level, int window_bits) {
    return deflateInit2(stream, level, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY);
}
#endif
