// One folder's reads, one row each, with the numbers a sequencing facility quotes per read; reads
// whose QV20+ falls below a threshold are marked as failed.
#pragma once

#include "analysis/task.h"
#include "qc/folderqc.h"

#include <QAbstractTableModel>
#include <QList>

namespace qc {

class ReadQcTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        FileColumn,
        NameColumn,
        FormatColumn,
        LengthColumn,
        MeanColumn,
        Qv20Column,
        CrlColumn,
        ClearRangeColumn,
        TrimmedLengthColumn,
        TraceScoreColumn,
        ColumnCount
    };
    // The raw number behind a formatted cell (the clear range sorts by its start), for proxies.
    static constexpr int SortRole = Qt::UserRole;
    // True for a read whose QV20+ is below the threshold, in every column.
    static constexpr int FailedRole = Qt::UserRole + 1;

    explicit ReadQcTableModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setReads(const QList<ReadSummary> &reads);
    const QList<ReadSummary> &reads() const { return m_reads; }

    // Re-marks every row at once; the rows themselves stay.
    void setMinQv20(int minQv20);
    int minQv20() const { return m_minQv20; }
    bool isFailed(int row) const;

    // "12–480": a clear range 1-based and inclusive, as the facility's reports give it.
    static QString clearRangeText(const ClearRange &range);

private:
    QVariant displayData(const ReadSummary &read, int column) const;
    QVariant sortData(const ReadSummary &read, int column) const;
    QString failureText(const ReadSummary &read) const;

    QList<ReadSummary> m_reads;
    int m_minQv20 = kDefaultMinQv20;
};

} // namespace qc
