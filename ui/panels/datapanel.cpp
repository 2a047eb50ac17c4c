#include "datapanel.h"

#include "demo/demodata.h"
#include "io/archive.h"
#include "models/foldertablemodel.h"

#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListView>
#include <QMenu>
#include <QMimeData>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTableView>
#include <QTreeView>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace qc {

namespace {

const QString kRecentKey = QStringLiteral("data/recentFolders");
constexpr int kMaxRecent = 10;

} // namespace

DataPanel::DataPanel(QWidget *parent)
    : QWidget(parent)
    , m_model(new FolderTableModel(this))
{
    setAcceptDrops(true);
    m_view = new QTableView(this);
    m_view->setModel(m_model);
    m_view->setAccessibleName(tr("Data folders"));
    m_view->setTabKeyNavigation(
        false); // Tab leaves the table (arrows move between cells), as keyboard users expect of a form.
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setAlternatingRowColors(true);
    // Rows a line of text tall, and at least two in view however small the screen (see
    // reserveRows(); on a 1024x700 screen the engines table above takes the height for a third).
    m_view->verticalHeader()->setMinimumSectionSize(m_view->fontMetrics().height() + 4);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 4);
    connect(m_view->horizontalHeader(), &QHeaderView::sectionResized, this, &DataPanel::reserveRows);

    // With no folders yet, the panel says what to do instead of showing an empty table.
    auto *empty = new QWidget(this);
    auto *hint = new QLabel(tr("Drag folders of reads here (tX_Y folders, a parent of them, or a .zip),\n"
                               "or add them with “Add folders…”."),
                            empty);
    hint->setAlignment(Qt::AlignCenter);
    hint->setWordWrap(true);
    auto *demo = new QPushButton(tr("Load the demo data"), empty);
    demo->setAccessibleName(tr("Load the demo data"));
    auto *emptyLayout = new QVBoxLayout(empty);
    emptyLayout->addStretch();
    emptyLayout->addWidget(hint);
    emptyLayout->addWidget(demo, 0, Qt::AlignCenter);
    emptyLayout->addStretch();

    m_stack = new QStackedWidget(this);
    m_stack->addWidget(empty);
    m_stack->addWidget(m_view);

    auto *add = new QPushButton(tr("Add folders…"), this);
    add->setAccessibleName(tr("Add folders"));
    m_remove = new QPushButton(tr("Remove"), this);
    m_remove->setAccessibleName(tr("Remove the selected folders"));
    auto *recent = new QPushButton(tr("Recent"), this);
    m_recentMenu = new QMenu(recent);
    recent->setMenu(m_recentMenu);
    // The buttons beside the table rather than under it: on a small screen the height is what
    // the Clusters, Data and Run panels run short of.
    auto *buttons = new QVBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(m_remove);
    buttons->addWidget(recent);
    buttons->addStretch();

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack, 1);
    layout->addLayout(buttons);

    connect(add, &QPushButton::clicked, this, &DataPanel::chooseFolders);
    connect(demo, &QPushButton::clicked, this, &DataPanel::loadDemoData);
    connect(m_remove, &QPushButton::clicked, this, &DataPanel::removeSelected);
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_model, signal, this, [this] {
            updateEmptyState();
            emit foldersChanged();
        });
    updateRecentMenu();
    updateEmptyState();
    reserveRows();
}

QList<Sample> DataPanel::samples() const
{
    return m_model->samples();
}

QStringList DataPanel::recentFolders() const
{
    return QSettings().value(kRecentKey).toStringList();
}

bool DataPanel::canAccept(const QMimeData *mime)
{
    if (!mime->hasUrls())
        return false;
    const auto urls = mime->urls();
    return std::any_of(urls.begin(), urls.end(), [](const QUrl &url) {
        const QFileInfo info(url.toLocalFile());
        return url.isLocalFile() && (info.isDir() || isArchiveFileName(info.fileName()));
    });
}

void DataPanel::dragEnterEvent(QDragEnterEvent *event)
{
    if (canAccept(event->mimeData()))
        event->acceptProposedAction();
}

void DataPanel::dropEvent(QDropEvent *event)
{
    QStringList paths;
    for (const QUrl &url : event->mimeData()->urls())
        if (url.isLocalFile())
            paths.append(url.toLocalFile());
    addPaths(paths, true);
    event->acceptProposedAction();
}

void DataPanel::addPaths(const QStringList &paths, bool askWhereToUnpack)
{
    QStringList folders;
    for (const QString &path : paths) {
        if (QFileInfo(path).isFile() && isArchiveFileName(path))
            unpackArchive(path, askWhereToUnpack);
        else
            folders.append(path);
    }
    if (!folders.isEmpty())
        addFolders(folders);
}

void DataPanel::addFolders(const QStringList &folders)
{
    QStringList problems;
    const QList<Sample> found = discoverSamples(folders, &problems);
    for (const QString &problem : std::as_const(problems))
        emit messageOccurred(problem);
    if (found.isEmpty())
        return;
    m_model->addSamples(found);
    remember(folders);
    emit messageOccurred(tr("Added %n folder(s) of reads.", nullptr, int(found.size())));
}

void DataPanel::unpackArchive(const QString &archive, bool askWhere)
{
    const QFileInfo info(archive);
    QString destination = info.absolutePath() + u'/' + info.completeBaseName();
    if (askWhere) {
        const QString chosen =
            QFileDialog::getExistingDirectory(this, tr("Unpack %1 into").arg(info.fileName()), info.absolutePath());
        if (chosen.isEmpty())
            return;
        destination = chosen + u'/' + info.completeBaseName();
    }
    emit messageOccurred(tr("Unpacking %1…").arg(info.fileName()));
    // Unpacking can take a while: it runs on a pool thread and the folder is added when done.
    auto *watcher = new QFutureWatcher<std::optional<QString>>(this);
    connect(watcher, &QFutureWatcher<std::optional<QString>>::finished, this, [this, watcher, destination] {
        watcher->deleteLater();
        if (const auto error = watcher->result())
            emit messageOccurred(*error);
        else
            addFolders({destination});
    });
    watcher->setFuture(QtConcurrent::run(extractArchive, archive, destination));
}

void DataPanel::chooseFolders()
{
    // The native folder dialog picks one folder; Qt's own can pick several at once.
    QFileDialog dialog(this, tr("Add folders of reads"));
    dialog.setFileMode(QFileDialog::Directory);
    dialog.setOption(QFileDialog::DontUseNativeDialog);
    dialog.setOption(QFileDialog::ShowDirsOnly);
    for (auto *view : dialog.findChildren<QAbstractItemView *>())
        if (qobject_cast<QListView *>(view) || qobject_cast<QTreeView *>(view))
            view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    if (dialog.exec() == QDialog::Accepted)
        addPaths(dialog.selectedFiles());
}

void DataPanel::loadDemoData()
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/demo");
    if (QFileInfo::exists(dir + QStringLiteral("/t6_2"))) {
        addFolders({dir});
        return;
    }
    emit messageOccurred(tr("Writing the demo data…"));
    auto *watcher = new QFutureWatcher<std::optional<QString>>(this);
    connect(watcher, &QFutureWatcher<std::optional<QString>>::finished, this, [this, watcher, dir] {
        watcher->deleteLater();
        if (const auto error = watcher->result())
            emit messageOccurred(*error);
        else
            addFolders({dir});
    });
    watcher->setFuture(QtConcurrent::run([dir] { return writeDemoData(dir, {}); }));
}

void DataPanel::removeSelected()
{
    QList<int> rows;
    for (const QModelIndex &index : m_view->selectionModel()->selectedRows())
        rows.append(index.row());
    std::sort(rows.rbegin(), rows.rend());
    for (int row : std::as_const(rows))
        m_model->removeRows(row, 1);
}

void DataPanel::remember(const QStringList &folders)
{
    QStringList recent = recentFolders();
    for (const QString &folder : folders) {
        const QString path = QFileInfo(folder).absoluteFilePath();
        recent.removeAll(path);
        recent.prepend(path);
    }
    QSettings().setValue(kRecentKey, recent.mid(0, kMaxRecent));
    updateRecentMenu();
}

void DataPanel::updateRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = recentFolders();
    for (const QString &folder : recent)
        m_recentMenu->addAction(folder, this, [this, folder] { addPaths({folder}); });
    if (recent.isEmpty())
        m_recentMenu->addAction(tr("No recent folders"))->setEnabled(false);
}

void DataPanel::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    reserveRows();
}

// The splitter that holds this panel does not ask whether the table needs a scroll bar under its
// rows at this width: reserve room for it when the columns are wider than the table.
void DataPanel::reserveRows()
{
    const bool scrolls = m_view->horizontalHeader()->length() > m_view->viewport()->width();
    const int height = 2 * m_view->frameWidth() + m_view->horizontalHeader()->sizeHint().height()
        + 2 * m_view->verticalHeader()->defaultSectionSize()
        + (scrolls ? m_view->horizontalScrollBar()->sizeHint().height() : 0);
    if (m_view->minimumHeight() != height)
        m_view->setMinimumHeight(height);
}

void DataPanel::updateEmptyState()
{
    m_stack->setCurrentIndex(m_model->rowCount() > 0 ? 1 : 0);
    m_remove->setEnabled(m_model->rowCount() > 0);
}

} // namespace qc
