// Results built by hand for the chart and panel tests: each read a list of qualities.
#pragma once

#include "analysis/runresult.h"

#include <QImage>
#include <QList>
#include <QRandomGenerator>
#include <QSet>
#include <QString>

#include <algorithm>
#include <vector>

using Reads = QList<QList<int>>;

inline qc::SampleResult makeResult(const QString &name, int treatment, int replicate, const Reads &reads)
{
    qc::SampleResult result;
    result.sample.name = name;
    result.sample.treatment = treatment;
    result.sample.replicate = replicate;
    for (const QList<int> &read : reads) {
        const std::vector<std::uint8_t> qualities(read.cbegin(), read.cend());
        result.histogram.addRead(qualities);
        result.bases += read.size();
    }
    result.reads = reads.size();
    return result;
}

// Shaped like a Sanger run: a poor start, a long plateau, then decay; `spread` is the noise.
inline qc::SampleResult realisticResult(const QString &name, int treatment, int replicate, quint32 seed, int spread = 5)
{
    QRandomGenerator random(seed);
    Reads reads;
    for (int r = 0; r < 50; ++r) {
        const int length = 850 + random.bounded(100);
        QList<int> read;
        for (int p = 0; p < length; ++p) {
            double q = p < 25 ? 12 + p : p < 550 ? 46 : 46 - 36.0 * (p - 550) / 350.0;
            q += random.bounded(2 * spread + 1) - spread + 2 * treatment;
            read.append(std::clamp(int(q), 2, 60));
        }
        reads.append(read);
    }
    return makeResult(name, treatment, replicate, reads);
}

// Percentiles by hand (numpy 'linear'): position 1 holds 10..50, position 2 10..40, position 3 44.
// Position 1: q1 20, q3 40, p10 14, p90 46. Position 2: q1 17.5, q3 32.5, p10 13, p90 37.
inline qc::RunResult handMadeRun()
{
    qc::RunResult run;
    run.samples = {
        makeResult(QStringLiteral("t1_1"), 1, 1, {{10, 10, 44}, {20, 20}, {30, 30}, {40, 40}, {50}}),
        makeResult(QStringLiteral("t1_2"), 1, 2, {{30, 31}, {32, 33}}),
        makeResult(QStringLiteral("t2_1"), 2, 1, {{40, 41, 42}}),
    };
    return run;
}

// Enough colours and dark pixels to be a drawing, not a blank or solid image.
inline bool looksDrawn(const QImage &image)
{
    QSet<QRgb> colours;
    qint64 dark = 0;
    for (int y = 0; y < image.height(); y += 2) {
        for (int x = 0; x < image.width(); x += 2) {
            colours.insert(image.pixel(x, y));
            dark += qGray(image.pixel(x, y)) < 128;
        }
    }
    return colours.size() > 50 && dark > 100;
}
