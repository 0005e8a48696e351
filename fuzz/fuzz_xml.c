/* fuzz_xml.c — libFuzzer target: legislative XML (Akoma Ntoso, LegalDocML.de, CLML, USLM, Formex) through the XML reader; text, map and locations must stay sound. */
#include "fuzz_formats.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size > 1 << 20) return 0;
    fuzz_format(data, size, AMICUS_FORMAT_AKN, 0);
    return 0;
}
