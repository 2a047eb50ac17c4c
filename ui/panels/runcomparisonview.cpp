#include "runcomparisonview.h"

#include "charts/chartstyle.h"
#include "statuslabel.h"

#include <QChart>
#include <QChartView>
#include <QHeaderView>
#include <QLineSeries>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace qc {

namespace {

QString seconds(const std::optional<double> &value)
{
    return value ? QString::number(*value, 'f', 3) : QObject::tr("not measured");
}

QString ratio(const std::optional<double> &value)
{
    return value ? QString::number(*value, 'f', 2) : QObject::tr("not measured");
}

} // namespace

RunComparisonView::RunComparisonView(QWidget *parent)
    : QWidget(parent)
    , m_summary(new StatusLabel(tr("Comparison summary")))
    , m_chartView(new QChartView(new QChart))
    , m_timing(new QTableWidget(4, 2))
{
    m_summary->setWordWrap(true);
    m_chartView->setAccessibleName(tr("Difference of mean quality by position"));
    m_chartView->setRenderHint(QPainter::Antialiasing);
    m_chartView->setMinimumHeight(180);
    m_timing->setAccessibleName(tr("Timing of the two runs"));
    m_timing->setVerticalHeaderLabels({tr("Wall s"), tr("Serial s"), tr("Speedup"), tr("Efficiency")});
    m_timing->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_timing->setTabKeyNavigation(false);
    m_timing->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_timing->setMaximumHeight(m_timing->verticalHeader()->length() + m_timing->horizontalHeader()->sizeHint().height()
                               + 4);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_summary);
    layout->addWidget(m_chartView, 1);
    layout->addWidget(m_timing);
}

QChart *RunComparisonView::chart() const
{
    return m_chartView->chart();
}

QString RunComparisonView::summary() const
{
    return m_summary->text();
}

void RunComparisonView::clear()
{
    m_comparison = {};
    chart()->removeAllSeries();
    for (QAbstractAxis *axis : chart()->axes()) {
        chart()->removeAxis(axis);
        delete axis; // removeAxis hands the axis back to us
    }
    chart()->setTitle({});
    m_summary->clear();
    m_timing->clearContents();
}

void RunComparisonView::compare(const RunRecord &a, const RunResult &resultA, const RunRecord &b,
                                const RunResult &resultB)
{
    clear();
    m_comparison = compareRuns(resultA, resultB);
    QChart *chart = this->chart();
    chart->setTitle(tr("Mean quality by position: run %1 less run %2").arg(b.id).arg(a.id));
    auto *x = new QValueAxis;
    x->setTitleText(tr("Position"));
    x->setLabelFormat(QStringLiteral("%d"));
    auto *y = new QValueAxis;
    y->setTitleText(tr("Difference of means"));
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    double longest = 1;
    double largest = 1; // a flat zero line still gets a readable axis
    for (int i = 0; i < m_comparison.folders.size(); ++i) {
        const FolderDifference &folder = m_comparison.folders[i];
        auto *series = new QLineSeries;
        series->setName(folder.name);
        series->setColor(paletteColor(i));
        QList<QPointF> points;
        points.reserve(qsizetype(folder.meanDifference.size()));
        for (std::size_t p = 0; p < folder.meanDifference.size(); ++p)
            points.append(QPointF(double(p + 1), folder.meanDifference[p]));
        series->replace(points);
        chart->addSeries(series);
        series->attachAxis(x);
        series->attachAxis(y);
        longest = std::max(longest, double(folder.meanDifference.size()));
        largest = std::max(largest, std::ceil(folder.maxAbsDifference));
    }
    x->setRange(1, longest);
    x->setTickCount(6);
    y->setRange(-largest, largest);
    y->setTickCount(5);
    keepChartReadable(chart);

    QStringList lines;
    if (m_comparison.folders.isEmpty())
        lines.append(tr("Runs %1 and %2 have no folder in common.").arg(a.id).arg(b.id));
    else if (m_comparison.sameFolders())
        lines.append(m_comparison.folders.size() == 1
                         ? tr("Runs %1 and %2 analysed the same folder.").arg(a.id).arg(b.id)
                         : tr("Runs %1 and %2 analysed the same %3 folders.")
                               .arg(a.id)
                               .arg(b.id)
                               .arg(m_comparison.folders.size()));
    if (!m_comparison.onlyInA.isEmpty())
        lines.append(tr("Only in run %1: %2.").arg(a.id).arg(m_comparison.onlyInA.join(QStringLiteral(", "))));
    if (!m_comparison.onlyInB.isEmpty())
        lines.append(tr("Only in run %1: %2.").arg(b.id).arg(m_comparison.onlyInB.join(QStringLiteral(", "))));
    m_summary->setText(lines.join(u' '));
    showTiming(a, b);
}

void RunComparisonView::showTiming(const RunRecord &a, const RunRecord &b)
{
    const auto header = [](const RunRecord &run) {
        return tr("Run %1 (%2, %3)")
            .arg(run.id)
            .arg(run.mode, run.engines == 1 ? tr("1 engine") : tr("%1 engines").arg(run.engines));
    };
    m_timing->setHorizontalHeaderLabels({header(a), header(b)});
    const RunRecord *runs[] = {&a, &b};
    for (int column = 0; column < 2; ++column) {
        const RunRecord &run = *runs[column];
        const QStringList cells{QString::number(run.wallSeconds, 'f', 3), seconds(run.serialSeconds),
                                ratio(run.speedup), ratio(run.efficiency)};
        for (int row = 0; row < cells.size(); ++row)
            m_timing->setItem(row, column, new QTableWidgetItem(cells[row]));
    }
}

} // namespace qc
