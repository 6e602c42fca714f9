enum LibXMLPlaceholder {}
