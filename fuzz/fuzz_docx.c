/* fuzz_docx.c — libFuzzer target: DOCX archives through libzip and the WordprocessingML reader, accepted and original; text, map and locations must stay sound. */
#include "fuzz_formats.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size > 1 << 20) return 0;
    fuzz_format(data, size, AMICUS_FORMAT_DOCX, 0);
    fuzz_format(data, size, AMICUS_FORMAT_DOCX, 1);
    return 0;
}
