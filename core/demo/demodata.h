// The bundled demo data set: deterministic, shaped like real Sanger runs of 6 treatments x 2 replicates.
#pragma once

#include <QString>

#include <optional>

namespace qc {

struct DemoOptions
{
    int readsPerFolder = 96; // 960 gives the `large` benchmark set
};

// Writes folders t1_1 ... t6_2 under `dir`, each with one .qual and one .seq per read. The same
// options always give byte-identical files. Returns a sentence saying what failed, if anything.
std::optional<QString> writeDemoData(const QString &dir, const DemoOptions &options);

} // namespace qc
