/* fuzz_pdf.c — libFuzzer target: PDF through poppler and the page reader (headers, columns, reflow); text, map and locations must stay sound. */
#include "fuzz_formats.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size > 1 << 20) return 0;
    fuzz_format(data, size, AMICUS_FORMAT_PDF, 0);
    return 0;
}
