// A scaling study as JSON and CSV, the figures `qualcluster scale` and the window's Export write.
#pragma once

#include "analysis/scalingresult.h"

#include <optional>

class QIODevice;

namespace qc {

// "fit" (serial_fraction, standard_error or null, points_used, quality), "folders", "points"
// (engines, seconds of each run, median_seconds, speedup, efficiency, startup_seconds), "profile",
// "repeats", "serial" (seconds, median_seconds), "started", "tool", "words" and
// "worthwhile_engines" (null when no count is worth it). False if a write to the device failed.
bool writeScalingJson(QIODevice *device, const ScalingResult &result);
// A row per run: mode (serial or engines), engines, run, wall_seconds, then that count's
// median_seconds, speedup, efficiency and startup_seconds.
bool writeScalingCsv(QIODevice *device, const ScalingResult &result);

// Each returns a sentence saying what failed, if anything. Written atomically (QSaveFile).
std::optional<QString> writeScalingJsonReport(const ScalingResult &result, const QString &path);
std::optional<QString> writeScalingCsvReport(const ScalingResult &result, const QString &path);

// The name a fit's quality has in the JSON: good, too_few_points, superlinear, slower_than_serial,
// speedup_falls.
QString fitQualityName(FitQuality quality);

} // namespace qc
