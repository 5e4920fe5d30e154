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
    public static String Apps_startServiceTip;
    public static String Apps_stopServiceTip;
    public static String Apps_submitTaskTip;
    public static String Apps_serviceHealthTip;
    public static String Service_column;
    public static String Service_queue;
    public static String Service_start;
    public static String Service_stop;
    public static String Service_submit;
    public static String Service_health;
    public static String Service_startTitle;
    public static String Service_startMessage;
    public static String Service_mode;
    public static String Service_modeTip;
    public static String Service_workers;
    public static String Service_workersTip;
    public static String Service_startButton;
    public static String Service_stopQuestion;
    public static String Service_drain;
    public static String Service_stopNow;
    public static String Service_submitTitle;
    public static String Service_submitHeading;
    public static String Service_submitMessage;
    public static String Service_submitArgs;
    public static String Service_submitOthers;
    public static String Service_submitOthersTip;
    public static String Service_submitItems;
    public static String Service_submitItemsTip;
    public static String Service_submitButton;
    public static String Service_submitBadLine;
    public static String Service_exitCode;
    public static String Service_gatePassed;
    public static String Service_gateFailed;
    public static String Service_depths;
    public static String Service_crossed;
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
