// Staden trace formats read with io_lib: SCF v2/v3, ZTR and experiment files.
#pragma once

#include "parsedreads.h"

#include <QByteArrayView>

#include <optional>

namespace qc {

// True when `data` starts like this format (its first bytes only; the name plays no part):
// ".scf", ZTR's "\256ZTR\r\n\032\n", or a first line "XX   ..." with XX an experiment-file code.
bool looksLikeTrace(QByteArrayView data);

// Appends the file's one read to `out` and sets out.format ("scf", "ztr" or "exp"). Each base's
// quality is the confidence of the called base; bases other than A, C, G and T get 0. Files
// without quality values (an experiment file without AV lines, a ZTR without CNF4/CNF1) are
// refused rather than read as zeros. Safe to call from several threads at once.
// On error `out` must be discarded.
std::optional<ReadError> parseTrace(QByteArrayView data, ParsedReads &out);

} // namespace qc
