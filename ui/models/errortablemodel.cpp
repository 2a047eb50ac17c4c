#include "errortablemodel.h"

#include <QDir>
#include <QFileInfo>

namespace qc {

namespace {

// "12" for a line, "byte 4096" for binary data, nothing when the whole file is at fault.
QString locationText(const FileError &error)
{
    if (error.line > 0)
        return QString::number(error.line);
    if (error.offset >= 0)
        return ErrorTableModel::tr("byte %1").arg(error.offset);
    return {};
}

// Run errors belong to no sample. A task that could not run names its folder where a file would
// be; a real file path names its folder by its parent directory.
QString folderOfRunError(const FileError &error)
{
    return error.file.contains(u'/') ? QFileInfo(error.file).dir().dirName() : error.file;
}

} // namespace

ErrorTableModel::ErrorTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

int ErrorTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : count();
}

int ErrorTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ErrorTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case FolderColumn:
            return row.folder;
        case FileColumn:
            return QFileInfo(row.error.file).fileName();
        case LineColumn:
            return locationText(row.error);
        case ReasonColumn:
            return row.error.message;
        }
        return {};
    case Qt::ToolTipRole:
        switch (index.column()) {
        case FileColumn:
            return row.error.file;
        case ReasonColumn:
            return row.error.message; // often wider than its column
        }
        return {};
    case Qt::TextAlignmentRole:
        return QVariant((index.column() == LineColumn ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter);
    default:
        return {};
    }
}

QVariant ErrorTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::TextAlignmentRole)
        return QVariant((section == LineColumn ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case FolderColumn:
        return tr("Folder");
    case FileColumn:
        return tr("File");
    case LineColumn:
        return tr("Line");
    case ReasonColumn:
        return tr("Reason");
    }
    return {};
}

void ErrorTableModel::setRun(const RunResult &run)
{
    beginResetModel();
    m_rows.clear();
    for (const SampleResult &sample : run.samples)
        for (const FileError &error : sample.errors)
            m_rows.append({sample.sample.name, error});
    for (const FileError &error : run.runErrors)
        m_rows.append({folderOfRunError(error), error});
    endResetModel();
}

void ErrorTableModel::clear()
{
    if (m_rows.isEmpty())
        return;
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

} // namespace qc
