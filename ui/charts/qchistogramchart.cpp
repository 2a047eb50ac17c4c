#include "qchistogramchart.h"

#include "charts/chartstyle.h"

#include <QBarSet>
#include <QCategoryAxis>
#include <QChart>
#include <QCoreApplication>
#include <QCursor>
#include <QFontMetricsF>
#include <QLegend>
#include <QStackedBarSeries>
#include <QToolTip>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace qc {

namespace {

// Sizes relative to the application font: these charts share a tab with a table, so they sit
// between the table's text and the 1600x1000 export charts' 20-point titles.
constexpr qreal kTitleScale = 1.35;
constexpr qreal kAxisTitleScale = 1.1;
constexpr qreal kLabelScale = 1.0;

// The smallest 1, 2 or 5 times a power of ten that is at least `raw` (and at least 1).
int roundStep(double raw)
{
    raw = std::max(raw, 1.0);
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (double factor : {1.0, 2.0, 5.0, 10.0}) {
        if (factor * magnitude >= raw - 1e-9)
            return int(std::lround(factor * magnitude));
    }
    return int(std::lround(10 * magnitude));
}

int floorDiv(int value, int divisor)
{
    return int(std::floor(double(value) / divisor));
}

// 0 to a round top in at most 8 whole-number steps, so labels never read 2.5 reads.
QValueAxis *countAxis(int maxCount)
{
    auto *axis = new QValueAxis;
    axis->setTitleText(QCoreApplication::translate("qc::ReadHistogramChart", "Reads"));
    const int step = roundStep(std::max(maxCount, 1) / 8.0);
    const int top = std::max(step, int(std::ceil(double(maxCount) / step)) * step);
    axis->setRange(0, top);
    axis->setTickCount(top / step + 1);
    axis->setMinorTickCount(0);
    axis->setLabelFormat(QStringLiteral("%d"));
    return axis;
}

void styleAxis(QAbstractAxis *axis, const QFont &base)
{
    axis->setTitleFont(scaledFont(base, kAxisTitleScale, true));
    axis->setLabelsFont(scaledFont(base, kLabelScale));
}

// Bar i sits at x = i. A label per bar ("800–899") would be elided under narrow bars, so bins of
// one value are labelled under their bar and wider bins at their edges with the value there,
// as a histogram's axis reads: every edge up to 8 bins, every other one past that.
QCategoryAxis *binAxis(const ReadHistogram &histogram, const QString &title)
{
    auto *axis = new QCategoryAxis;
    axis->setTitleText(title);
    const int bins = histogram.binCount();
    axis->setRange(-0.5, std::max(bins, 1) - 0.5);
    if (histogram.width == 1) {
        axis->setStartValue(-0.5);
        axis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionCenter);
        for (int bin = 0; bin < bins; ++bin)
            axis->append(histogram.label(bin), bin + 0.5);
        return axis;
    }
    axis->setStartValue(-1); // below the range, so that the first edge can end a category
    axis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    return axis;
}

int defaultEdgeStep(const ReadHistogram &histogram)
{
    return histogram.binCount() > 8 ? 2 : 1;
}

// Labels every `step`-th edge of the bins with the value there.
void labelEdges(QCategoryAxis *axis, const ReadHistogram &histogram, int step)
{
    QStringList labels;
    for (int edge = 0; edge <= histogram.binCount(); edge += step)
        labels.append(QString::number(histogram.start + edge * histogram.width));
    if (axis->categoriesLabels() == labels)
        return;
    const QStringList old = axis->categoriesLabels();
    for (const QString &label : old)
        axis->remove(label);
    for (int i = 0; i < labels.size(); ++i)
        axis->append(labels[i], i * step - 0.5);
}

// In a narrow chart, labels on neighbouring edges would touch and be elided: label every 2nd,
// 5th, 10th… edge, the first that leaves each label its width and a gap of about two digits.
void fitEdgeLabels(QCategoryAxis *axis, const ReadHistogram &histogram, qreal plotWidth)
{
    const int bins = histogram.binCount();
    if (histogram.width == 1 || bins == 0 || plotWidth <= 0)
        return;
    const QFontMetricsF metrics(axis->labelsFont());
    const qreal needed =
        metrics.horizontalAdvance(QString::number(histogram.start + bins * histogram.width)) + metrics.height();
    const qreal perBin = plotWidth / bins;
    int step = defaultEdgeStep(histogram);
    for (int magnitude = 1; step * perBin < needed && step < bins; magnitude *= 10) {
        for (int factor : {1, 2, 5}) {
            if (factor * magnitude > step && step * perBin < needed)
                step = factor * magnitude;
        }
    }
    labelEdges(axis, histogram, std::min(step, bins));
}

} // namespace

int ReadHistogram::reads() const
{
    int total = 0;
    for (int i = 0; i < binCount(); ++i)
        total += passed[i] + failed.value(i);
    return total;
}

QString ReadHistogram::label(int bin) const
{
    const int low = start + bin * width;
    if (width == 1)
        return QString::number(low);
    return QStringLiteral("%1–%2").arg(low).arg(low + width - 1);
}

QString passedReadsName()
{
    return QCoreApplication::translate("qc::ReadHistogramChart", "Passed");
}

ReadHistogram binReads(const QList<int> &values, const QList<bool> &failed, int maxBins)
{
    ReadHistogram histogram;
    if (values.isEmpty())
        return histogram;
    maxBins = std::max(maxBins, 1);
    const auto [low, high] = std::minmax_element(values.cbegin(), values.cend());
    // The bins needed grow with the width's alignment, so step up until they fit.
    int width = roundStep(double(*high - *low + 1) / maxBins);
    while (floorDiv(*high, width) - floorDiv(*low, width) + 1 > maxBins)
        width = roundStep(width + 1.0);
    histogram.width = width;
    histogram.start = floorDiv(*low, width) * width;
    const int bins = floorDiv(*high, width) - floorDiv(*low, width) + 1;
    histogram.passed.fill(0, bins);
    histogram.failed.fill(0, bins);
    for (int i = 0; i < values.size(); ++i) {
        const int bin = (values[i] - histogram.start) / width;
        (failed.value(i) ? histogram.failed : histogram.passed)[bin] += 1;
    }
    return histogram;
}

QChart *createReadHistogramChart(const ReadHistogram &histogram, const QString &title, const QString &axisTitle,
                                 const QString &failedName)
{
    auto *chart = new QChart;
    const QFont base = chart->font();
    chart->setTitle(title);
    chart->setTitleFont(scaledFont(base, kTitleScale, true));
    chart->setBackgroundBrush(Qt::white);
    chart->setBackgroundRoundness(0);
    chart->setDropShadowEnabled(false);
    chart->setAnimationOptions(QChart::NoAnimation);

    auto *passed = new QBarSet(passedReadsName());
    passed->setColor(paletteColor(0));
    passed->setBorderColor(paletteColor(0).darker(130));
    auto *failed = new QBarSet(failedName);
    failed->setColor(paletteColor(3));
    failed->setBorderColor(paletteColor(3).darker(130));
    int maxCount = 0;
    bool anyFailed = false;
    for (int i = 0; i < histogram.binCount(); ++i) {
        passed->append(histogram.passed[i]);
        failed->append(histogram.failed.value(i));
        anyFailed = anyFailed || histogram.failed.value(i) > 0;
        maxCount = std::max(maxCount, histogram.passed[i] + histogram.failed.value(i));
    }
    auto *series = new QStackedBarSeries;
    series->setBarWidth(1); // bins touch, as a histogram's do; the borders keep them apart
    series->append(passed);
    if (anyFailed)
        series->append(failed);
    else
        delete failed;
    chart->addSeries(series);

    // The exact bin and its counts on hover, since the axis labels only every edge or two.
    QObject::connect(series, &QStackedBarSeries::hovered, series, [histogram](bool entered, int bin) {
        if (!entered || bin < 0 || bin >= histogram.binCount()) {
            QToolTip::hideText();
            return;
        }
        const int failedReads = histogram.failed.value(bin);
        QToolTip::showText(QCursor::pos(),
                           QCoreApplication::translate("qc::ReadHistogramChart", "%1: %2 reads, %3 failed")
                               .arg(histogram.label(bin))
                               .arg(histogram.passed[bin] + failedReads)
                               .arg(failedReads));
    });

    QCategoryAxis *x = binAxis(histogram, axisTitle);
    styleAxis(x, base);
    if (histogram.width > 1) {
        labelEdges(x, histogram, defaultEdgeStep(histogram));
        // Laid out narrower than an export, the edges are labelled further apart.
        QObject::connect(chart, &QChart::plotAreaChanged, x,
                         [x, histogram](const QRectF &plot) { fitEdgeLabels(x, histogram, plot.width()); });
    }
    auto *y = countAxis(maxCount);
    styleAxis(y, base);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(x);
    series->attachAxis(y);

    QLegend *legend = chart->legend();
    legend->setAlignment(Qt::AlignBottom);
    legend->setFont(scaledFont(base, kLabelScale));
    legend->setVisible(histogram.binCount() > 0);
    return chart;
}

} // namespace qc
