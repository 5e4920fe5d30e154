package org.agilab.ui.internal.data;

import org.eclipse.osgi.util.NLS;

/** The Map view's labels, tooltips and sentences, from mapmessages.properties. */
public final class MapMessages extends NLS {

    public static String lat;
    public static String lon;
    public static String group;
    public static String order;
    public static String colour;
    public static String sampling;
    public static String latTip;
    public static String lonTip;
    public static String groupTip;
    public static String orderTip;
    public static String colourTip;
    public static String samplingTip;
    public static String none;
    public static String empty;
    public static String noCoordinates;
    public static String reading;
    public static String job;
    public static String rowJob;
    public static String drawn;
    public static String drawnSampled;
    public static String coarse;
    public static String others;
    public static String zoomIn;
    public static String zoomInTip;
    public static String zoomOut;
    public static String zoomOutTip;
    public static String fit;
    public static String fitTip;
    public static String export;
    public static String exportTip;
    public static String exportJob;
    public static String nothingDrawn;
    public static String showOnMap;
    public static String showOnMapTip;
    public static String attribution;

    static {
        NLS.initializeMessages("org.agilab.ui.internal.data.mapmessages", MapMessages.class);
    }

    private MapMessages() {
    }
}
