// FASTQ, Sanger / Illumina 1.8+ (Phred+33), multi-line records; Phred+64 and Solexa are refused.
#pragma once

#include "parsedreads.h"

#include <QByteArrayView>

#include <optional>

namespace qc {

// True when `data` starts like this format: its first non-blank byte is '@' (the name plays no
// part).
bool looksLikeFastq(QByteArrayView data);

// Appends the file's reads to `out` and sets out.format. On error `out` must be discarded.
// Blank lines between and within records carry nothing; a record may have no bases. A file in
// which no quality character is below ';' is refused as Phred+64 or Solexa (see the .cpp).
std::optional<ReadError> parseFastq(QByteArrayView data, ParsedReads &out);

} // namespace qc
