// Which files of a folder hold reads, and reading one of them whatever its format.
#pragma once

#include "parsedreads.h"

#include <QString>

#include <optional>

namespace qc {

// A name a file of reads has: the lesson's rule (ending in "qual", case-sensitive) or the
// extension of a format read here (.fastq .fq .ab1 .abi .ab .scf .ztr .phd .phd.N .exp, any
// case), each also with .gz. The content decides how it is read.
bool isReadFileName(const QString &fileName);

// Whether the first bytes of a file whose name says nothing (phd1, reads.txt) are reads of a
// format read here: ABI, SCF/ZTR/EXP, PHD, FASTQ (a record's first and third lines), or phred's
// .qual text (a '>' line, then numbers).
bool looksLikeReads(QByteArrayView head);
// A name that is surely not a file of reads (sequences, documents, pictures): not looked into.
bool isKnownOtherFileName(const QString &fileName);

// The reads in a file's bytes, in whichever format they start like; gzip is decompressed first.
std::optional<ReadError> parseReadData(QByteArrayView data, ParsedReads &out);

// Reads the whole file at `path` into `out` (cleared first), in whichever format its first bytes
// say, decompressing gzip first. `buffer` is scratch space kept by
// the caller so that a folder of files reuses one allocation.
// The bytes of the file at `path`, checked first (a regular file, not empty, not over 64 MB).
std::optional<ReadError> readFileOfReads(const QString &path, QByteArray &buffer);

std::optional<ReadError> readQualityFile(const QString &path, ParsedReads &out, QByteArray &buffer);

} // namespace qc
