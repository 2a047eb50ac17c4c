// What a scaling study measured (the same analysis on each engine count, and serially) and what
// it makes of it: medians, speedups, the Amdahl fit and the sentence on which count pays. It holds
// everything a report, a chart or the run history needs.
#pragma once

#include "amdahl.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace qc {

struct ScalingPoint
{
    int engines = 1;
    QList<double> wallSeconds; // each repeat's run on the engines, their start excluded
    double startupSeconds = 0; // starting (or scaling to) this many engines, before the repeats
    double medianSeconds = 0;
    double speedup = 0; // the serial median over this count's median
    double efficiency = 0; // speedup / engines
};

struct ScalingResult
{
    QDateTime started; // when the study began (UTC)
    QString profile; // the cluster profile the engines ran under
    QStringList folders; // the paths analysed
    int repeats = 0;
    QList<double> serialSeconds; // the serial baseline's repeats, in the same session
    double serialMedian = 0;
    QList<ScalingPoint> points; // in the order the counts were asked for
    AmdahlFit fit;
    std::optional<int> worthwhile; // see worthwhileEngines()
    QString words; // what it all means, in sentences

    QList<SpeedupPoint> speedups() const;
};

double median(QList<double> values);

// Medians, speedups, efficiencies, the fit, the count worth it and the words, from the measured
// times. `result` holds the serial times and each point's wall times; the rest is filled in.
void completeScalingResult(ScalingResult &result);

// "serial fraction f = 0.120 ± 0.030", or without "± ..." when one count above one engine was fitted.
QString describeFit(const AmdahlFit &fit);
// The study's conclusion: which count is worth it and why, what the fit says, and its caveats.
QString describeScaling(const ScalingResult &result);

} // namespace qc
