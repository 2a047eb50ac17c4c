// The run's read QC: for a chosen folder, its summary in words, a sortable table of its reads
// with failed reads marked, and histograms of read length and QV20+.
#pragma once

#include "analysis/runresult.h"

#include <QList>
#include <QString>
#include <QWidget>

class QChart;
class QChartView;
class QComboBox;
class QLabel;
class QSortFilterProxyModel;
class QSpinBox;
class QStackedWidget;
class QTableView;

namespace qc {

class ReadQcTableModel;

class QcPanel : public QWidget
{
    Q_OBJECT

public:
    explicit QcPanel(QWidget *parent = nullptr);

    void setRun(const RunResult &run); // keeps showing the same folder when the new run has it
    void clear();

    void showFolder(const QString &name);
    QString currentFolder() const; // empty when there is no run
    QStringList folders() const;

    // Reads with fewer bases of quality >= 20 than this fail; the summary, table marks and
    // histograms follow at once.
    int minQv20() const;
    void setMinQv20(int minQv20);

    QString summaryText() const;
    ReadQcTableModel *model() const { return m_model; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }
    QChart *lengthChart() const; // nullptr when there is no run
    QChart *qv20Chart() const;

    // "t1_1: 12 reads, 2 failed (QV20+ below 100 bases). Median length 850 bases, …"
    static QString describe(const QString &folder, const FolderQc &qc);

private:
    void showCurrent();
    void handleMinQv20Changed();
    void updateCharts();

    QList<SampleResult> m_folders; // only each sample and its read summaries are kept
    int m_current = -1;

    QStackedWidget *m_stack = nullptr;
    QLabel *m_emptyLabel = nullptr;
    QComboBox *m_folderCombo = nullptr;
    QSpinBox *m_minQv20 = nullptr;
    QLabel *m_summary = nullptr;
    ReadQcTableModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QTableView *m_table = nullptr;
    QChartView *m_lengthView = nullptr;
    QChartView *m_qv20View = nullptr;
};

} // namespace qc
