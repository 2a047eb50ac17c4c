// The History tab: every recorded run, sortable and filtered by folder or profile; a past run
// opens in the Charts, QC and Timing tabs without recomputing, and two runs compare side by side.
#pragma once

#include "history/historydb.h"

#include <QWidget>

#include <memory>

class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QSplitter;
class QTableView;

namespace qc {

class HistoryTableModel;
class RunComparisonView;
class StatusLabel;

class HistoryPanel : public QWidget
{
    Q_OBJECT

public:
    // `databasePath` defaults to HistoryDb::defaultPath().
    explicit HistoryPanel(const QString &databasePath = {}, QWidget *parent = nullptr);
    ~HistoryPanel() override;

    HistoryTableModel *model() const { return m_model; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }
    QTableView *view() const { return m_view; }
    RunComparisonView *comparisonView() const { return m_comparison; }
    QString statusText() const;
    // Selects the listed runs with these ids (for tests and scripts).
    void selectRuns(const QList<qint64> &ids);

public slots:
    // Lists the runs again (after each run); opens the database again if it could not be before.
    void refresh();
    void openSelected();
    void compareSelected();
    void deleteSelected();

signals:
    // A past run, loaded: `record` says when and how it ran.
    void runOpened(const qc::RunResult &run, const qc::RunRecord &record);
    void messageOccurred(const QString &message);

private:
    QList<int> selectedRows() const; // model rows, in the view's order
    void updateButtons();
    void say(const QString &message);

    std::unique_ptr<HistoryDb> m_history;
    HistoryTableModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QLineEdit *m_filter;
    QTableView *m_view;
    QPushButton *m_open;
    QPushButton *m_compare;
    QPushButton *m_delete;
    StatusLabel *m_status;
    QSplitter *m_splitter;
    RunComparisonView *m_comparison;
};

} // namespace qc
