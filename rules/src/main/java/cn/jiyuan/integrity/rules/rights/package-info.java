/** Who may do what (第三条 谁产生、谁提供、谁负责; API.md roles): decisions as values. */
package cn.jiyuan.integrity.rules.rights;
