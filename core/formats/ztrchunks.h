// ZTR's chunks checked and decoded here, bounded, before io_lib is given any of them.
#pragma once

#include "parsedreads.h"

#include <QByteArray>
#include <QByteArrayView>

#include <optional>

namespace qc {

// The first 8 bytes of every ZTR file.
inline constexpr QByteArrayView kZtrMagic("\256ZTR\r\n\032\n", 8);

// A ZTR file cut down to its header, its BASE chunk and its CNF4 or CNF1 chunk, all checked.
struct CheckedZtr
{
    QByteArray file;
    qsizetype bases = 0; // how many base calls the BASE chunk holds
};

// Checks every chunk header of a ZTR file (`data` starts with kZtrMagic) against its size,
// decodes its one BASE and one confidence chunk with every length checked, and refuses the file
// unless they hold the same number of bases. On success `out` is what io_lib may safely read.
std::optional<ReadError> checkZtrChunks(QByteArrayView data, CheckedZtr &out);

} // namespace qc
