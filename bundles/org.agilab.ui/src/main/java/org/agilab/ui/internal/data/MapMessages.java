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
    public static String nothingDrawn;
    public static String showOnMap;
    public static String showOnMapTip;
    public static String attribution;
    public static String filesTip;
    public static String filesOne;
    public static String filesAllShown;
    public static String filesSomeShown;
    public static String filesTitle;
    public static String filesMessage;
    public static String filesPattern;
    public static String filesPatternHint;
    public static String filesAll;
    public static String filesNone;
    public static String filesBadPattern;
    public static String filesNoneChecked;
    public static String overlay;
    public static String overlayTip;
    public static String overlayLat;
    public static String overlayLatTip;
    public static String overlayLon;
    public static String overlayLonTip;
    public static String overlayLabel;
    public static String overlayLabelTip;
    public static String overlaid;
    public static String overlayTruncated;

    static {
        NLS.initializeMessages("org.agilab.ui.internal.data.mapmessages", MapMessages.class);
    }

    private MapMessages() {
    }
}
