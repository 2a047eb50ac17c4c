// Asks how to export charts: the current one to a file, or every chart of the run to a folder,
// as PNG or SVG, at a size and resolution.
#pragma once

#include "charts/chartexport.h"

#include <QDialog>
#include <QSize>
#include <QString>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace qc {

struct ChartExportSettings
{
    enum class Format { Png, Svg };
    enum class Scope { CurrentChart, AllCharts };

    Format format = Format::Png;
    Scope scope = Scope::CurrentChart;
    QSize size = kDefaultChartSize;
    int dpi = 96; // written into PNGs; SVGs are drawn in size units
    QString path; // a file for the current chart, a folder for all charts

    QString suffix() const { return format == Format::Svg ? QStringLiteral("svg") : QStringLiteral("png"); }
};

class ExportDialog : public QDialog
{
    Q_OBJECT

public:
    // chartName names the suggested file ("t1_1" suggests t1_1.png in defaultFolder()).
    explicit ExportDialog(const QString &chartName, QWidget *parent = nullptr);

    ChartExportSettings settings() const;
    void setSettings(const ChartExportSettings &settings);
    // Where exports are proposed: the user's pictures folder, else documents, else home, whichever
    // exists first.
    static QString defaultFolder();

public slots:
    // Creates the folder the files go to; stays open, saying why, when it cannot.
    void accept() override;

private:
    void handleFormatChanged();
    void handleScopeChanged();
    void handleBrowse();
    void updateSaveButton();
    ChartExportSettings::Format format() const;
    ChartExportSettings::Scope scope() const;

    QString m_lastFile; // what the path field held for each scope, so switching back restores it
    QString m_lastFolder;
    QComboBox *m_scope = nullptr;
    QComboBox *m_format = nullptr;
    QSpinBox *m_width = nullptr;
    QSpinBox *m_height = nullptr;
    QSpinBox *m_dpi = nullptr;
    QLineEdit *m_path = nullptr;
    QPushButton *m_browse = nullptr;
    QLabel *m_error = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace qc
