// Two past runs side by side: for each folder both analysed, the difference of mean quality by
// position as one line; under it, the two runs' timing.
#pragma once

#include "history/historydb.h"
#include "history/runcomparison.h"

#include <QWidget>

class QChart;
class QChartView;
class QTableWidget;

namespace qc {

class StatusLabel;

class RunComparisonView : public QWidget
{
    Q_OBJECT

public:
    explicit RunComparisonView(QWidget *parent = nullptr);

    // B less A: a line above zero is a folder whose reads scored higher in run B.
    void compare(const RunRecord &a, const RunResult &resultA, const RunRecord &b, const RunResult &resultB);
    void clear();

    QChart *chart() const;
    QTableWidget *timingTable() const { return m_timing; }
    QString summary() const;
    const RunComparison &comparison() const { return m_comparison; }

private:
    void showTiming(const RunRecord &a, const RunRecord &b);

    StatusLabel *m_summary;
    QChartView *m_chartView;
    QTableWidget *m_timing;
    RunComparison m_comparison;
};

} // namespace qc
