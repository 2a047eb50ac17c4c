#include "scalingresult.h"

#include <algorithm>

namespace qc {

namespace {

QString times(double factor)
{
    return QString::number(factor, 'f', factor < 10 ? 2 : 1);
}

QString percent(double share)
{
    return QString::number(qRound(share * 100));
}

QString enginesText(int n)
{
    return n == 1 ? QStringLiteral("1 engine") : QStringLiteral("%1 engines").arg(n);
}

const ScalingPoint *pointFor(const ScalingResult &result, int engines)
{
    for (const ScalingPoint &p : result.points)
        if (p.engines == engines)
            return &p;
    return nullptr;
}

QString fitCaveat(FitQuality quality)
{
    switch (quality) {
    case FitQuality::Good:
    case FitQuality::TooFewPoints:
        return {};
    case FitQuality::Superlinear:
        return QStringLiteral(" The runs were faster than perfect sharing allows (caches, not parallelism), so the "
                              "fit is held at f = 0.");
    case FitQuality::SlowerThanSerial:
        return QStringLiteral(" More engines made the run slower than the serial run, so the fit is held at f = 1.");
    case FitQuality::SpeedupFalls:
        return QStringLiteral(" The speedup fell as engines were added (they compete for cores, disk or the "
                              "controller), which Amdahl's law cannot describe: take f as a rough guide only.");
    }
    return {};
}

// "1.82 times faster than the serial run", or "0.85 times as fast as the serial run" (slower).
QString speedText(double speedup)
{
    return speedup >= 1 ? QStringLiteral("%1 times faster than the serial run").arg(times(speedup))
                        : QStringLiteral("%1 times as fast as the serial run").arg(times(speedup));
}

// Why the next larger count is not worth it: too little gained, or too little of each engine used.
QString whyNotMore(const ScalingPoint &best, const ScalingPoint &next)
{
    const double gain = next.speedup / best.speedup - 1;
    if (gain <= 0)
        return QStringLiteral("%1 ran no faster.").arg(enginesText(next.engines));
    if (next.speedup < kWorthGain * best.speedup)
        return QStringLiteral("%1 would add only %2 % more speed (the rule asks for %3 %).")
            .arg(enginesText(next.engines), percent(gain), percent(kWorthGain - 1));
    return QStringLiteral("%1 would add %2 % more speed, but at %3 % efficiency (the rule asks for %4 %).")
        .arg(enginesText(next.engines), percent(gain), percent(next.efficiency), percent(kWorthEfficiency));
}

} // namespace

QList<SpeedupPoint> ScalingResult::speedups() const
{
    QList<SpeedupPoint> list;
    for (const ScalingPoint &p : points)
        list.append({p.engines, p.speedup});
    return list;
}

double median(QList<double> values)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const qsizetype mid = values.size() / 2;
    return values.size() % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

void completeScalingResult(ScalingResult &result)
{
    result.serialMedian = median(result.serialSeconds);
    for (ScalingPoint &p : result.points) {
        p.medianSeconds = median(p.wallSeconds);
        p.speedup = p.medianSeconds > 0 ? result.serialMedian / p.medianSeconds : 0;
        p.efficiency = p.speedup / p.engines;
    }
    result.fit = fitAmdahl(result.speedups());
    result.worthwhile = worthwhileEngines(result.speedups());
    result.words = describeScaling(result);
}

QString describeFit(const AmdahlFit &fit)
{
    if (fit.pointsUsed == 0)
        return QStringLiteral("serial fraction f: not measured (no count above one engine)");
    const QString f = QString::number(fit.serialFraction, 'f', 3);
    if (!fit.standardError)
        return QStringLiteral("serial fraction f = %1 (from one engine count: no uncertainty)").arg(f);
    return QStringLiteral("serial fraction f = %1 ± %2").arg(f, QString::number(*fit.standardError, 'f', 3));
}

QString describeScaling(const ScalingResult &result)
{
    if (result.points.isEmpty())
        return QStringLiteral("Nothing was measured.");
    QList<ScalingPoint> sorted = result.points;
    std::stable_sort(sorted.begin(), sorted.end(), [](const auto &a, const auto &b) { return a.engines < b.engines; });
    QString words;
    if (!result.worthwhile) {
        const auto fastest = std::max_element(sorted.begin(), sorted.end(),
                                              [](const auto &a, const auto &b) { return a.speedup < b.speedup; });
        words = QStringLiteral("No engine count is worth it here: the best, %1, ran %2 times as fast as the serial run "
                               "at %3 % efficiency (the rule asks for %4 %).")
                    .arg(enginesText(fastest->engines), times(fastest->speedup), percent(fastest->efficiency),
                         percent(kWorthEfficiency));
    } else {
        const ScalingPoint &best = *pointFor(result, *result.worthwhile);
        const auto next =
            std::find_if(sorted.begin(), sorted.end(), [&](const auto &p) { return p.engines > best.engines; });
        if (best.engines == 1 && next != sorted.end())
            words = QStringLiteral("More engines do not pay here: 1 engine ran %1, and %2")
                        .arg(speedText(best.speedup), whyNotMore(best, *next));
        else
            words =
                QStringLiteral("%1 %2 worth it: %3, at %4 % efficiency.")
                    .arg(enginesText(best.engines), best.engines == 1 ? QStringLiteral("is") : QStringLiteral("are"),
                         speedText(best.speedup), percent(best.efficiency));
        if (best.engines > 1 && next != sorted.end())
            words += QStringLiteral(" ") + whyNotMore(best, *next);
    }
    const AmdahlFit &fit = result.fit;
    if (fit.pointsUsed > 0) {
        words += QStringLiteral(" Amdahl's law fits a %1").arg(describeFit(fit));
        if (fit.serialFraction > 0)
            words += QStringLiteral(": no number of engines could make this run more than %1 times faster.")
                         .arg(times(1 / fit.serialFraction));
        else
            words += u'.';
        words += fitCaveat(fit.quality);
    }
    return words;
}

} // namespace qc
