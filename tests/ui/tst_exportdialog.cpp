// The export dialog proposes a folder that exists, and the folder the files go to exists when it
// closes (a new user's system had no ~/Pictures).
#include "panels/exportdialog.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTemporaryDir>
#include <QtTest>

using namespace qc;

class TestExportDialog : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;

    static QLineEdit *pathField(ExportDialog &dialog)
    {
        return dialog.findChild<QLineEdit *>(QStringLiteral("pathEdit"));
    }

    static QPushButton *saveButton(ExportDialog &dialog)
    {
        return dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Save);
    }

private slots:
    void initTestCase()
    {
        // A home of its own with no Pictures or Documents folder, and no user-dirs.dirs naming one.
        QVERIFY(m_home.isValid());
        qputenv("HOME", QFile::encodeName(m_home.path()));
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_home.filePath(QStringLiteral(".config"))));
    }

    void proposesAFolderThatExists_data()
    {
        QTest::addColumn<QString>("create"); // a folder of the home to create first, or none
        QTest::addColumn<QString>("expected");
        QTest::newRow("no pictures folder: home") << QString() << QString();
        QTest::newRow("documents only") << QStringLiteral("Documents") << QStringLiteral("Documents");
        QTest::newRow("pictures") << QStringLiteral("Pictures") << QStringLiteral("Pictures");
    }
    void proposesAFolderThatExists()
    {
        QFETCH(QString, create);
        QFETCH(QString, expected);
        if (!create.isEmpty())
            QVERIFY(QDir(m_home.path()).mkpath(create));
        ExportDialog dialog(QStringLiteral("t1_1"));
        const QFileInfo proposed(pathField(dialog)->text());
        QCOMPARE(proposed.fileName(), QStringLiteral("t1_1.png"));
        QVERIFY2(proposed.dir().exists(), qPrintable(proposed.filePath()));
        QCOMPARE(proposed.dir().path(), expected.isEmpty() ? m_home.path() : QDir(m_home.path()).filePath(expected));
    }

    void savingCreatesTheFolder()
    {
        ExportDialog dialog(QStringLiteral("t1_1"));
        const QString target = m_home.filePath(QStringLiteral("exports/charts/t1_1.png"));
        pathField(dialog)->setText(target);
        dialog.show();
        QTest::mouseClick(saveButton(dialog), Qt::LeftButton);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QVERIFY(QFileInfo(target).dir().exists());
    }

    void aFolderThatCannotBeMadeIsSaid()
    {
        QFile blocker(m_home.filePath(QStringLiteral("plain-file")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        ExportDialog dialog(QStringLiteral("t1_1"));
        pathField(dialog)->setText(blocker.fileName() + QStringLiteral("/t1_1.png"));
        dialog.show();
        QTest::mouseClick(saveButton(dialog), Qt::LeftButton);
        QVERIFY(dialog.isVisible()); // still open, saying why
        QString said;
        for (const QLabel *label : dialog.findChildren<QLabel *>())
            if (label->accessibleName() == u"Export problem" && !label->isHidden())
                said = label->text();
        QCOMPARE(said, QStringLiteral("Cannot create the folder %1: choose another place.").arg(blocker.fileName()));
    }
};

QTEST_MAIN(TestExportDialog)
#include "tst_exportdialog.moc"
