package org.agilab.ui.internal.editor;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.eclipse.core.resources.IMarker;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.Position;
import org.eclipse.jface.text.contentassist.ICompletionProposal;
import org.eclipse.jface.text.contentassist.IContextInformation;
import org.eclipse.jface.text.quickassist.IQuickAssistInvocationContext;
import org.eclipse.jface.text.quickassist.IQuickAssistProcessor;
import org.eclipse.jface.text.source.Annotation;
import org.eclipse.jface.text.source.IAnnotationModel;
import org.eclipse.jface.text.source.ISourceViewer;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.Point;
import org.eclipse.ui.IMarkerResolution;
import org.eclipse.ui.IMarkerResolution2;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.texteditor.MarkerAnnotation;

/**
 * Ctrl+1 in a text editor: the resolutions the Problems view offers for the markers on the caret's line (the
 * workbench's marker help registry, so every {@code markerResolution} contribution shows here too), as JDT's editor
 * offers its quick fixes.
 */
final class MarkerQuickFixes implements IQuickAssistProcessor {

    @Override
    public String getErrorMessage() {
        return null;
    }

    @Override
    public boolean canFix(Annotation annotation) {
        return annotation instanceof MarkerAnnotation marker && !annotation.isMarkedDeleted()
                && IDE.getMarkerHelpRegistry().hasResolutions(marker.getMarker());
    }

    @Override
    public boolean canAssist(IQuickAssistInvocationContext context) {
        return false;
    }

    @Override
    public ICompletionProposal[] computeQuickAssistProposals(IQuickAssistInvocationContext context) {
        ISourceViewer viewer = context.getSourceViewer();
        IAnnotationModel model = viewer.getAnnotationModel();
        IDocument document = viewer.getDocument();
        List<ICompletionProposal> proposals = new ArrayList<>();
        if (model == null) {
            return new ICompletionProposal[0];
        }
        try {
            IRegion line = document.getLineInformationOfOffset(context.getOffset());
            for (Iterator<Annotation> it = model.getAnnotationIterator(); it.hasNext();) {
                Annotation annotation = it.next();
                Position position = model.getPosition(annotation);
                if (!canFix(annotation) || position == null || !overlaps(position, line)) {
                    continue;
                }
                IMarker marker = ((MarkerAnnotation) annotation).getMarker();
                for (IMarkerResolution resolution : IDE.getMarkerHelpRegistry().getResolutions(marker)) {
                    proposals.add(new Fix(marker, resolution));
                }
            }
        } catch (BadLocationException e) {
            return new ICompletionProposal[0];
        }
        return proposals.toArray(ICompletionProposal[]::new);
    }

    private static boolean overlaps(Position position, IRegion line) {
        int end = line.getOffset() + line.getLength();
        return position.getOffset() <= end && position.getOffset() + position.getLength() >= line.getOffset();
    }

    /** One resolution of one marker, run as the Problems view runs it. */
    private record Fix(IMarker marker, IMarkerResolution resolution) implements ICompletionProposal {

        @Override
        public void apply(IDocument document) {
            resolution.run(marker);
        }

        @Override
        public Point getSelection(IDocument document) {
            return null;
        }

        @Override
        public String getAdditionalProposalInfo() {
            return resolution instanceof IMarkerResolution2 described ? described.getDescription()
                    : marker.getAttribute(IMarker.MESSAGE, null);
        }

        @Override
        public String getDisplayString() {
            return resolution.getLabel();
        }

        @Override
        public Image getImage() {
            return resolution instanceof IMarkerResolution2 described ? described.getImage() : null;
        }

        @Override
        public IContextInformation getContextInformation() {
            return null;
        }
    }
}
