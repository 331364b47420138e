/* cli_sha256.c — the SHA-256 of a buffer as hex, to name the exact model a trace or figure came
 * from. nettle computes it (with the CPU's SHA instructions where there are some). */
#include <nettle/sha2.h>

#include "cli.h"

void cli_sha256_hex(const uint8_t *data, size_t len, char out[65])
{
    struct sha256_ctx ctx;
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_init(&ctx);
    sha256_update(&ctx, len, data);
    sha256_digest(&ctx, sizeof digest, digest);
    static const char HEX[] = "0123456789abcdef";
    for (int k = 0; k < SHA256_DIGEST_SIZE; k++) {
        out[2 * k] = HEX[digest[k] >> 4];
        out[2 * k + 1] = HEX[digest[k] & 15];
    }
    out[64] = 0;
}
