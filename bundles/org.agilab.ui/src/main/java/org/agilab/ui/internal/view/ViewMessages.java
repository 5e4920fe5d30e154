package org.agilab.ui.internal.view;

import org.eclipse.osgi.util.NLS;

/** The AGILab views' tooltips and empty-state sentences, from viewmessages.properties. */
public final class ViewMessages extends NLS {

    public static String Apps_installTip;
    public static String Apps_runTip;
    public static String Apps_openSettingsTip;
    public static String Apps_openLogTip;
    public static String Apps_stopNodesTip;
    public static String Apps_showPlanTip;
    public static String Apps_refreshTip;
    public static String Apps_empty;
    public static String Runs_refreshTip;
    public static String Runs_openLogTip;
    public static String Runs_compareTip;
    public static String Runs_openOutputsTip;
    public static String Runs_openDataTip;
    public static String Runs_openAnalysis;
    public static String Runs_openAnalysisTip;
    public static String Runs_noRun;
    public static String Runs_replayTip;
    public static String Runs_addAsStageTip;
    public static String Runs_empty;
    public static String Workers_openLogTip;
    public static String Workers_empty;
    public static String Workers_emptyFor;
    public static String Distribution_moveTip;
    public static String Distribution_saveTip;
    public static String Distribution_reloadTip;
    public static String Distribution_noApp;

    static {
        NLS.initializeMessages("org.agilab.ui.internal.view.viewmessages", ViewMessages.class);
    }

    private ViewMessages() {
    }
}
