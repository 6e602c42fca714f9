#ifndef DECRUFT_CLIBXML2_SHIM_H
#define DECRUFT_CLIBXML2_SHIM_H
/* Debian builds libxml2 with ICU, so <libxml/encoding.h> pulls in ICU's
   headers (/usr/include/unicode). Foundation on Linux carries its own,
   different copy of ICU (_FoundationICU); a Swift file that sees both fails
   with "'UErrorCode' has different definitions in different modules".
   We never touch libxml2's ICU converter fields (they sit at the end of
   xmlCharEncodingHandler, so the offsets of the others do not move):
   hide ICU from these headers. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <libxml/xmlerror.h>
#include <libxml/encoding.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/entities.h>
#include <libxml/uri.h>
#include <libxml/xmlversion.h>

/* libxml2's generic error callback is variadic, which Swift cannot write:
   this installs a silent one from C. */
static void decruft_silent_error(void *context, const char *message, ...) {
    (void)context;
    (void)message;
}

static inline void decruft_silence_generic_errors(void) {
    xmlSetGenericErrorFunc(NULL, decruft_silent_error);
}
/* xmlFree is a global function pointer, which Swift 6 treats as shared
   mutable state: call it from C. */
static inline void decruft_xml_free(void *pointer) {
    xmlFree(pointer);
}
#endif
