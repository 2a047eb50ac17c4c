// The runs in the run history, one row each: when, how, on what, how fast, how it ended.
#pragma once

#include "history/historydb.h"

#include <QAbstractTableModel>
#include <QList>

namespace qc {

class HistoryTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        WhenColumn,
        SourceColumn,
        ProfileColumn,
        ModeColumn,
        EnginesColumn,
        WallColumn,
        SpeedupColumn,
        StatusColumn,
        FoldersColumn, // last: the widest, it takes what room is left
        ColumnCount
    };
    enum Role {
        SortRole = Qt::UserRole, // numbers and times as themselves, so that 10 sorts after 9
        FilterRole, // the run's profile and folder paths, for a filter by either
        IdRole,
    };

    explicit HistoryTableModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setRuns(const QList<RunRecord> &runs);
    const RunRecord &run(int row) const { return m_runs.at(row); }
    int rowOf(qint64 id) const; // -1 when the run is not listed

    // "ok", "files rejected", "outputs failed", or the exit status.
    static QString statusText(int exitStatus);

private:
    QList<RunRecord> m_runs;
};

} // namespace qc
