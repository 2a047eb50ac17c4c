// The Data panel: folders dragged in or chosen, .zip archives unpacked, recent folders, demo data.
#pragma once

#include "analysis/sample.h"

#include <QWidget>

class QLabel;
class QMenu;
class QMimeData;
class QPushButton;
class QStackedWidget;
class QTableView;

namespace qc {

class FolderTableModel;

class DataPanel : public QWidget
{
    Q_OBJECT

public:
    explicit DataPanel(QWidget *parent = nullptr);

    FolderTableModel *model() const { return m_model; }
    QList<Sample> samples() const;
    QStringList recentFolders() const;

    // Folders of reads, parents of such folders, or archives (unpacked beside themselves unless
    // `askWhereToUnpack`).
    void addPaths(const QStringList &paths, bool askWhereToUnpack = false);
    static bool canAccept(const QMimeData *mime);

public slots:
    void chooseFolders();
    void loadDemoData();
    void removeSelected();

signals:
    void messageOccurred(const QString &message);
    void foldersChanged();

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void reserveRows();
    void addFolders(const QStringList &folders);
    void unpackArchive(const QString &archive, bool askWhere);
    void remember(const QStringList &folders);
    void updateRecentMenu();
    void updateEmptyState();

    FolderTableModel *m_model;
    QTableView *m_view;
    QStackedWidget *m_stack;
    QMenu *m_recentMenu;
    QPushButton *m_remove;
};

} // namespace qc
