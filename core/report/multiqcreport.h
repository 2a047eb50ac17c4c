// A run as MultiQC custom content: the files that make `multiqc DIR` show a QualCluster section.
#pragma once

#include "analysis/runresult.h"

#include <QLatin1String>

#include <optional>

class QIODevice;

namespace qc {

// MultiQC takes a file as custom content when its name ends in _mqc.json.
// Each folder's mean quality by position, a line graph under a "QualCluster" heading.
inline constexpr QLatin1String kMultiqcMeanQualityFile("qualcluster_mean_quality_mqc.json");
// Each folder's reads, failed reads, median QV20+ and median CRL, columns of MultiQC's
// General Statistics table.
inline constexpr QLatin1String kMultiqcGeneralStatsFile("qualcluster_general_stats_mqc.json");

// Each streams its file to `device` (open for writing); false if a write to the device failed.
bool writeMultiqcMeanQuality(QIODevice *device, const RunResult &run);
// minQv20: a read with fewer bases of quality >= 20 counts as failed, as in the JSON report.
bool writeMultiqcGeneralStats(QIODevice *device, const RunResult &run, int minQv20 = kDefaultMinQv20);

// Both files into `dir`, which is created if need be; each is written atomically (QSaveFile).
// Returns a sentence naming the folder and saying what failed, if anything.
std::optional<QString> writeMultiqcReport(const RunResult &run, const QString &dir, int minQv20 = kDefaultMinQv20);

} // namespace qc
