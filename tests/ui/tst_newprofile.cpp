// The profile dialog as a user fills it: the profile each launcher gives, the settings it refuses
// (and why, under the fields), its launch script preview, and New/Edit profile in the Clusters panel.
#include "cluster/controllerclient.h"
#include "cluster/localcluster.h"
#include "models/profilelistmodel.h"
#include "panels/clusterspanel.h"
#include "panels/newprofiledialog.h"

#include <QComboBox>
#include <QFontInfo>
#include <QFontMetrics>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QtTest>

#include "clusterfixture.h"

using namespace qc;
using namespace Qt::StringLiterals;

using Fields = QHash<QString, QString>; // a field's accessible name, and what is typed into it

namespace {

template<typename Widget> Widget *field(QWidget *root, const QString &accessibleName)
{
    const auto candidates = root->findChildren<Widget *>();
    for (Widget *candidate : candidates)
        if (candidate->accessibleName() == accessibleName)
            return candidate;
    return nullptr;
}

// What the user does: a name and an engine count, a launcher, its fields, where the files are.
bool fill(NewProfileDialog &dialog, const QString &name, int engines, const QString &launcher, const Fields &fields,
          bool sharedFs = false)
{
    auto *launchers = field<QComboBox>(&dialog, u"Launcher"_s);
    if (!launchers || launchers->findData(launcher) < 0)
        return false;
    launchers->setCurrentIndex(launchers->findData(launcher));
    field<QLineEdit>(&dialog, u"Profile name"_s)->setText(name);
    field<QSpinBox>(&dialog, u"Number of engines"_s)->setValue(engines);
    for (auto it = fields.begin(); it != fields.end(); ++it) {
        auto *edit = field<QLineEdit>(&dialog, it.key());
        if (!edit)
            return false;
        edit->setText(it.value());
    }
    field<QRadioButton>(&dialog, sharedFs ? u"Files are on a shared filesystem"_s : u"Files are sent with each task"_s)
        ->setChecked(true);
    return true;
}

// Every setting of a profile, one line each, so a mismatch says which.
QStringList describe(const Profile &p)
{
    return {u"name "_s + p.name,
            u"engines "_s + QString::number(p.engines),
            u"launcher "_s + p.launcher,
            u"listen "_s + p.listen,
            u"engine command "_s + p.engineCommand,
            u"partition "_s + p.partition,
            u"time "_s + p.time,
            u"account "_s + p.account,
            u"sbatch args "_s + p.sbatchArgs.join(u'|'),
            u"hosts "_s + p.hosts.join(u'|'),
            u"ssh args "_s + p.sshArgs.join(u'|'),
            u"shared fs "_s + (p.sharedFilesystem ? u"yes"_s : u"no"_s),
            u"path map "_s + p.pathMap};
}

QString expectedScript(const Profile &profile)
{
    LocalCluster cluster;
    cluster.setProfile(profile);
    return cluster.launchScript(profile.engines);
}

QPlainTextEdit *scriptView(NewProfileDialog &dialog)
{
    return field<QPlainTextEdit>(&dialog, u"Launch script"_s);
}

QPushButton *okButton(QWidget *dialog)
{
    return field<QPushButton>(dialog, u"Save the profile"_s);
}

} // namespace

class TestNewProfile : public QObject
{
    Q_OBJECT

private slots:
    void givesTheProfileOfEachLauncher_data()
    {
        QTest::addColumn<QString>("launcher");
        QTest::addColumn<Fields>("fields");
        QTest::addColumn<bool>("sharedFs");
        QTest::addColumn<QStringList>("expected");
        Profile local{u"p"_s, 3};
        // Settings of the other launchers, typed and then left behind, are not kept.
        QTest::newRow("local") << u"local"_s << Fields{{u"Partition"_s, u"debug"_s}, {u"Listen address"_s, u"h:1"_s}}
                               << false << describe(local);
        Profile slurm{u"p"_s, 3, u"slurm"_s};
        slurm.partition = u"debug"_s;
        slurm.time = u"00:10:00"_s;
        slurm.account = u"lab"_s;
        slurm.sbatchArgs = {u"--mem=1G"_s, u"--comment=two words"_s};
        slurm.listen = u"127.0.0.1"_s;
        slurm.engineCommand = u"/opt/qc/qualcluster-engine"_s;
        QTest::newRow("slurm") << u"slurm"_s
                               << Fields{{u"Partition"_s, u" debug "_s},
                                         {u"Time limit"_s, u"00:10:00"_s},
                                         {u"Account"_s, u"lab"_s},
                                         {u"Extra sbatch arguments"_s, u"--mem=1G \"--comment=two words\""_s},
                                         {u"Listen address"_s, u"127.0.0.1"_s},
                                         {u"Engine command"_s, u"/opt/qc/qualcluster-engine"_s},
                                         {u"Hosts"_s, u"not-for-slurm"_s}}
                               << false << describe(slurm);
        Profile ssh{u"p"_s, 3, u"ssh"_s};
        ssh.hosts = {u"node1:2"_s, u"node2"_s};
        ssh.sshArgs = {u"-F"_s, u"/tmp/ssh config"_s};
        ssh.listen = u"10.0.0.5:7000"_s;
        ssh.sharedFilesystem = true;
        ssh.pathMap = u"/home/me=/shared/me"_s;
        QTest::newRow("ssh, shared filesystem") << u"ssh"_s
                                                << Fields{{u"Hosts"_s, u"node1:2, node2"_s},
                                                          {u"Extra ssh arguments"_s, u"-F \"/tmp/ssh config\""_s},
                                                          {u"Listen address"_s, u"10.0.0.5:7000"_s},
                                                          {u"Path map"_s, u"/home/me=/shared/me"_s}}
                                                << true << describe(ssh);
        ssh.sharedFilesystem = false;
        ssh.pathMap.clear(); // files go with the tasks: a path map means nothing
        QTest::newRow("ssh, files sent") << u"ssh"_s
                                         << Fields{{u"Hosts"_s, u"node1:2 node2"_s},
                                                   {u"Extra ssh arguments"_s, u"-F \"/tmp/ssh config\""_s},
                                                   {u"Listen address"_s, u"10.0.0.5:7000"_s},
                                                   {u"Path map"_s, u"/a=/b"_s}}
                                         << false << describe(ssh);
    }

    void givesTheProfileOfEachLauncher()
    {
        QFETCH(QString, launcher);
        QFETCH(Fields, fields);
        QFETCH(bool, sharedFs);
        QFETCH(QStringList, expected);
        QTemporaryDir folder;
        const ProfileStore store(folder.path());
        NewProfileDialog dialog(store);
        QVERIFY(fill(dialog, u"p"_s, 3, launcher, fields, sharedFs));
        QCOMPARE(describe(dialog.profile()), expected);
        QVERIFY2(!dialog.problem(), qPrintable(dialog.problem().value_or(QString())));
        QVERIFY(okButton(&dialog)->isEnabled());
        QVERIFY(!field<QLabel>(&dialog, u"What is wrong with the profile"_s)->isVisibleTo(&dialog));
        // Only the chosen launcher's fields are shown.
        QCOMPARE(field<QLineEdit>(&dialog, u"Partition"_s)->isVisibleTo(&dialog), launcher == u"slurm");
        QCOMPARE(field<QLineEdit>(&dialog, u"Hosts"_s)->isVisibleTo(&dialog), launcher == u"ssh");
        QCOMPARE(field<QLineEdit>(&dialog, u"Listen address"_s)->isVisibleTo(&dialog), launcher != u"local");
        QCOMPARE(field<QLineEdit>(&dialog, u"Path map"_s)->isEnabled(), sharedFs);

        // OK saves it as the command line would read it back; editing it shows the same profile.
        QSignalSpy saved(&dialog, &NewProfileDialog::profileSaved);
        QTest::mouseClick(okButton(&dialog), Qt::LeftButton);
        QCOMPARE(saved.size(), 1);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        const auto stored = store.find(u"p"_s);
        QVERIFY(stored);
        QCOMPARE(describe(*stored), expected);
        NewProfileDialog edit(store);
        edit.setProfile(*stored, true);
        QCOMPARE(describe(edit.profile()), expected);
        QVERIFY(field<QLineEdit>(&edit, u"Profile name"_s)->isReadOnly());
        QVERIFY(!edit.problem()); // its own name is not "taken"
    }

    void refusesABadProfile_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("launcher");
        QTest::addColumn<Fields>("fields");
        QTest::addColumn<QString>("problem"); // empty: ProfileStore::check's sentence
        QTest::newRow("no name") << QString() << u"local"_s << Fields{} << u"Give the profile a name."_s;
        QTest::newRow("name with a space") << u"my profile"_s << u"local"_s << Fields{}
                                           << u"\"my profile\" cannot be a profile name: use letters, digits, '.', '_' "
                                              "and '-', starting with a letter or digit."_s;
        QTest::newRow("name taken")
            << u"taken"_s << u"local"_s << Fields{}
            << u"There is already a profile called \"taken\": choose another name, or edit that one."_s;
        QTest::newRow("default is taken")
            << u"default"_s << u"local"_s << Fields{}
            << u"There is already a profile called \"default\": choose another name, or edit "
               "that one."_s;
        QTest::newRow("ssh without hosts") << u"far"_s << u"ssh"_s << Fields{{u"Hosts"_s, u" , "_s}} << QString();
        QTest::newRow("host with a bad count")
            << u"far"_s << u"ssh"_s << Fields{{u"Hosts"_s, u"node1:two"_s}} << QString();
        QTest::newRow("bad listen address")
            << u"hpc"_s << u"slurm"_s << Fields{{u"Listen address"_s, u"127.0.0.1:port"_s}} << QString();
        QTest::newRow("path map without =")
            << u"hpc"_s << u"slurm"_s << Fields{{u"Path map"_s, u"/only/local"_s}} << QString();
    }

    void refusesABadProfile()
    {
        QFETCH(QString, name);
        QFETCH(QString, launcher);
        QFETCH(Fields, fields);
        QFETCH(QString, problem);
        QTemporaryDir folder;
        const ProfileStore store(folder.path());
        QVERIFY(!store.save({u"taken"_s, 2}));
        NewProfileDialog dialog(store);
        QVERIFY(fill(dialog, name, 2, launcher, fields, fields.contains(u"Path map"_s)));
        const auto check = ProfileStore::check(dialog.profile());
        if (problem.isEmpty()) {
            QVERIFY(check); // the store's own check, word for word
            problem = *check;
        }
        QCOMPARE(dialog.problem().value_or(QString()), problem);
        const QLabel *shown = field<QLabel>(&dialog, u"What is wrong with the profile"_s);
        QVERIFY(shown->isVisibleTo(&dialog));
        QCOMPARE(shown->text(), problem);
        QVERIFY(!okButton(&dialog)->isEnabled());
        QVERIFY(!field<QPushButton>(&dialog, u"Show launch script"_s)->isEnabled());
        dialog.accept(); // Enter in a field: nothing is saved, the dialog stays
        QVERIFY(dialog.result() != QDialog::Accepted);
        QCOMPARE(store.list().size(), 2); // default and taken
    }

    void previewIsTheLaunchScript_data()
    {
        QTest::addColumn<QString>("launcher");
        QTest::addColumn<Fields>("fields");
        QTest::addColumn<QStringList>("lines"); // some of what the script says
        QTest::newRow("slurm") << u"slurm"_s
                               << Fields{{u"Partition"_s, u"debug"_s},
                                         {u"Time limit"_s, u"00:10:00"_s},
                                         {u"Extra sbatch arguments"_s, u"--mem=1G"_s},
                                         {u"Listen address"_s, u"127.0.0.1"_s}}
                               << QStringList{u"#SBATCH --job-name=qualcluster-preview"_s,
                                              u"#SBATCH --array=0-3"_s,
                                              u"#SBATCH --partition=debug"_s,
                                              u"#SBATCH --time=00:10:00"_s,
                                              u"#SBATCH --mem=1G"_s,
                                              u"--connect '127.0.0.1:<port>'"_s};
        QTest::newRow("ssh") << u"ssh"_s
                             << Fields{{u"Hosts"_s, u"node1:3 node2"_s},
                                       {u"Extra ssh arguments"_s, u"-F /tmp/cfg"_s},
                                       {u"Listen address"_s, u"10.0.0.5:7000"_s}}
                             << QStringList{u"ssh -F /tmp/cfg -o BatchMode=yes -T node1 "_s, u"-T node2 "_s,
                                            u"--connect 10.0.0.5:7000 --engine-id 4 --secret-stdin"_s};
        QTest::newRow("local") << u"local"_s << Fields{} << QStringList{u"4 engine processes on this machine"_s};
    }

    void previewIsTheLaunchScript()
    {
        QFETCH(QString, launcher);
        QFETCH(Fields, fields);
        QFETCH(QStringList, lines);
        QTemporaryDir folder;
        NewProfileDialog dialog{ProfileStore(folder.path())};
        QVERIFY(fill(dialog, u"preview"_s, 4, launcher, fields));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(!scriptView(dialog));
        QTest::mouseClick(field<QPushButton>(&dialog, u"Show launch script"_s), Qt::LeftButton);
        QPlainTextEdit *view = scriptView(dialog);
        QVERIFY(view && view->isVisible());
        QCOMPARE(view->toPlainText(), expectedScript(dialog.profile()));
        QCOMPARE(view->toPlainText(), dialog.launchScript());
        for (const QString &line : std::as_const(lines))
            QVERIFY2(view->toPlainText().contains(line), qPrintable(view->toPlainText()));
        QVERIFY(view->isReadOnly());
        // Monospaced as the reader sees it (fontconfig does not call every monospaced font so).
        const QFontMetrics metrics(view->font());
        QCOMPARE(metrics.horizontalAdvance(u"iiii"_s), metrics.horizontalAdvance(u"MMMM"_s));
        // It follows the fields while it is open.
        field<QSpinBox>(&dialog, u"Number of engines"_s)->setValue(2);
        QCOMPARE(view->toPlainText(), expectedScript(dialog.profile()));
        QVERIFY(dialog.profile().engines == 2);
    }

    // The picture for the issue: a Slurm profile and what Start would submit for it.
    void screenshot()
    {
        QTemporaryDir folder;
        NewProfileDialog dialog{ProfileStore(folder.path())};
        QVERIFY(fill(dialog, u"hpc"_s, 4, u"slurm"_s,
                     {{u"Partition"_s, u"debug"_s},
                      {u"Time limit"_s, u"00:10:00"_s},
                      {u"Account"_s, u"lab"_s},
                      {u"Extra sbatch arguments"_s, u"--mem=1G"_s},
                      {u"Listen address"_s, u"127.0.0.1"_s}}));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        dialog.showLaunchScript();
        QWidget *preview = scriptView(dialog)->window();
        QVERIFY(QTest::qWaitForWindowExposed(preview));
        const QPixmap form = dialog.grab();
        const QPixmap script = preview->grab();
        QImage picture(form.width() + script.width() + 24, std::max(form.height(), script.height()) + 16,
                       QImage::Format_RGB32);
        picture.fill(Qt::darkGray);
        QPainter painter(&picture);
        painter.drawPixmap(8, 8, form);
        painter.drawPixmap(form.width() + 16, 8, script);
        painter.end();
        const QString path = QDir::temp().filePath(u"newprofile.png"_s);
        QVERIFY(picture.save(path));
        qInfo("Wrote %s", qPrintable(path));
    }

    // New profile… and Edit profile… in the Clusters panel save through the dialog and select the profile.
    void clustersPanelCreatesAndEditsProfiles()
    {
        ControllerClient client;
        ClustersPanel panel(&client, ProfileStore());
        panel.show();
        QTest::mouseClick(field<QPushButton>(&panel, u"New profile"_s), Qt::LeftButton);
        QPointer<NewProfileDialog> dialog = panel.findChild<NewProfileDialog *>();
        QVERIFY(dialog && dialog->isVisible() && !dialog->isEditing());
        QCOMPARE(dialog->profile().engines, panel.engineCount()); // starts from the panel's count
        QVERIFY(fill(*dialog, u"hpc"_s, 3, u"slurm"_s,
                     {{u"Partition"_s, u"debug"_s}, {u"Listen address"_s, u"127.0.0.1"_s}}));
        QTest::mouseClick(okButton(dialog), Qt::LeftButton);
        QTRY_VERIFY(!dialog);
        const ProfileListModel *profiles = panel.profileModel();
        const int row = profiles->rowOf(u"hpc"_s);
        QVERIFY(row >= 0 && profiles->isSaved(row));
        QCOMPARE(profiles->index(row, ProfileListModel::LauncherColumn).data().toString(), u"slurm"_s);
        QCOMPARE(panel.currentProfile(), u"hpc"_s);
        QCOMPARE(panel.engineCount(), 3);

        QTest::mouseClick(field<QPushButton>(&panel, u"Edit profile"_s), Qt::LeftButton);
        dialog = panel.findChild<NewProfileDialog *>();
        QVERIFY(dialog && dialog->isEditing());
        QCOMPARE(field<QLineEdit>(dialog, u"Profile name"_s)->text(), u"hpc"_s);
        QCOMPARE(field<QLineEdit>(dialog, u"Partition"_s)->text(), u"debug"_s);
        field<QSpinBox>(dialog, u"Number of engines"_s)->setValue(5);
        QTest::mouseClick(okButton(dialog), Qt::LeftButton);
        QTRY_VERIFY(!dialog);
        QCOMPARE(ProfileStore().find(u"hpc"_s)->engines, 5);
        QCOMPARE(ProfileStore().find(u"hpc"_s)->partition, u"debug"_s);
        QCOMPARE(panel.engineCount(), 5);

        // Cancel saves nothing.
        QTest::mouseClick(field<QPushButton>(&panel, u"New profile"_s), Qt::LeftButton);
        dialog = panel.findChild<NewProfileDialog *>();
        QVERIFY(dialog);
        QVERIFY(fill(*dialog, u"scratch"_s, 1, u"local"_s, {}));
        dialog->reject();
        QTRY_VERIFY(!dialog);
        QVERIFY(!ProfileStore().find(u"scratch"_s));
        QCOMPARE(profiles->rowOf(u"scratch"_s), -1);
    }
};

CLUSTER_TEST_MAIN(TestNewProfile)
#include "tst_newprofile.moc"
