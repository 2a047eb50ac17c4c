// A whole RunResult as one compressed blob, for the run history: opening a past run gives back
// exactly what the run produced (histograms, every read's QC, timing, tasks), without recomputing.
#pragma once

#include "analysis/runresult.h"

#include <QByteArray>
#include <QByteArrayView>

#include <optional>

namespace qc {

// The blob's layout version: decodeRunResult() refuses any other.
inline constexpr int kRunResultFormat = 1;

// qCompress'ed CBOR. Each sample's histograms and reads travel as the engines' result message
// packs them (protocol/messages), so a blob is about the size of the run's result frames.
QByteArray encodeRunResult(const RunResult &run);
// nullopt when the bytes are not a blob encodeRunResult() wrote (corrupt, or another format).
std::optional<RunResult> decodeRunResult(QByteArrayView blob);

} // namespace qc
