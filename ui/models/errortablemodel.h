// The files a run rejected, one row each: which folder, which file, where, and why.
#pragma once

#include "analysis/runresult.h"

#include <QAbstractTableModel>
#include <QList>
#include <QString>

namespace qc {

class ErrorTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { FolderColumn, FileColumn, LineColumn, ReasonColumn, ColumnCount };

    explicit ErrorTableModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Every sample's errors in sample order, then the run's own errors.
    void setRun(const RunResult &run);
    void clear();
    int count() const { return int(m_rows.size()); }

private:
    struct Row
    {
        QString folder;
        FileError error;
    };

    QList<Row> m_rows;
};

} // namespace qc
